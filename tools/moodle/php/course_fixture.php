<?php
// Test fixture for the local Moodle that tools/moodle/setup.sh installs: a course and
// learner accounts enrolled in it as students. Safe to run again: what exists is kept,
// the learners' passwords are set again to the given ones.
//
//   php course_fixture.php --moodle=/work/moodle-run/www [--course=LST] \
//       [--fullname="Library service training"] [--learners=learner1:Learner-1,learner2:Learner-2]
//
// Prints one JSON object: the course id and the learners' user ids.

define('CLI_SCRIPT', true);

$options = getopt('', ['moodle:', 'course:', 'fullname:', 'learners:', 'help']);
if (isset($options['help'])) {
    fwrite(STDOUT, "php course_fixture.php --moodle=DIR [--course=SHORTNAME] [--fullname=NAME]"
        . " [--learners=user:password,...]\n");
    exit(0);
}
$moodle = $options['moodle'] ?? getenv('MOODLE_WWW') ?: '/work/moodle-run/www';
$shortname = $options['course'] ?? 'LST';
$fullname = $options['fullname'] ?? 'Library service training';
$learnerlist = $options['learners'] ?? 'learner1:Learner-1,learner2:Learner-2';

if (!is_file($moodle . '/config.php')) {
    fwrite(STDERR, "course_fixture.php: no config.php in $moodle (run tools/moodle/setup.sh first)\n");
    exit(1);
}
require($moodle . '/config.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/user/lib.php');
require_once($CFG->libdir . '/enrollib.php');

// Act as the site administrator, as a teacher would in the web interface.
\core\session\manager::set_user(get_admin());

$course = $DB->get_record('course', ['shortname' => $shortname]);
if (!$course) {
    $course = create_course((object) [
        'category' => core_course_category::get_default()->id,
        'shortname' => $shortname,
        'fullname' => $fullname,
        'format' => 'topics',
        'numsections' => 1,
        'enablecompletion' => 1,
    ]);
}

$manual = enrol_get_plugin('manual');
$instance = $DB->get_record('enrol', ['courseid' => $course->id, 'enrol' => 'manual']);
if (!$instance) {
    $instanceid = $manual->add_default_instance($course);
    $instance = $DB->get_record('enrol', ['id' => $instanceid], '*', MUST_EXIST);
}
$studentrole = $DB->get_record('role', ['shortname' => 'student'], '*', MUST_EXIST);

$learners = [];
foreach (array_filter(explode(',', $learnerlist)) as $number => $pair) {
    [$username, $password] = array_pad(explode(':', $pair, 2), 2, '');
    if ($username === '' || $password === '') {
        fwrite(STDERR, "course_fixture.php: --learners wants user:password pairs, got '$pair'\n");
        exit(2);
    }
    $user = $DB->get_record('user', ['username' => $username, 'deleted' => 0,
        'mnethostid' => $CFG->mnet_localhost_id]);
    if ($user) {
        update_internal_user_password($user, $password);
    } else {
        $userid = user_create_user((object) [
            'username' => $username,
            'password' => $password,
            'auth' => 'manual',
            'confirmed' => 1,
            'mnethostid' => $CFG->mnet_localhost_id,
            'firstname' => 'Learner',
            'lastname' => (string) ($number + 1),
            'email' => $username . '@example.invalid',
        ], true, false);
        $user = $DB->get_record('user', ['id' => $userid], '*', MUST_EXIST);
    }
    $manual->enrol_user($instance, $user->id, $studentrole->id);
    $learners[$username] = (int) $user->id;
}

echo json_encode([
    'course_id' => (int) $course->id,
    'course_shortname' => $course->shortname,
    'course_url' => (new moodle_url('/course/view.php', ['id' => $course->id]))->out(false),
    'learners' => $learners,
], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
