<?php
// CONVENIENCE ONLY, NOT THE TEST: adds a SCORM activity made from a zip to a course of the
// local Moodle, without the web interface, to set up the same site again quickly. Testing a
// package means uploading it through the web form (see upload_and_play.py and README.md).
//
//   php add_scorm.php --moodle=/work/moodle-run/www --zip=/tmp/q12.zip [--course=LST]
//       [--name="Noise in the quiet room"] [--section=1]
//
// The activity uses the site's default SCORM settings, as the form would. Prints one JSON
// object: the course module id (the id= of mod/scorm/view.php) and the scorm id.

define('CLI_SCRIPT', true);

$options = getopt('', ['moodle:', 'zip:', 'course:', 'name:', 'section:', 'help']);
if (isset($options['help']) || !isset($options['zip'])) {
    fwrite(isset($options['help']) ? STDOUT : STDERR,
        "php add_scorm.php --moodle=DIR --zip=FILE [--course=SHORTNAME] [--name=NAME] [--section=N]\n");
    exit(isset($options['help']) ? 0 : 2);
}
$moodle = $options['moodle'] ?? getenv('MOODLE_WWW') ?: '/work/moodle-run/www';
$zip = $options['zip'];
$shortname = $options['course'] ?? 'LST';
$section = (int) ($options['section'] ?? 1);
$name = $options['name'] ?? pathinfo($zip, PATHINFO_FILENAME);

if (!is_file($moodle . '/config.php')) {
    fwrite(STDERR, "add_scorm.php: no config.php in $moodle (run tools/moodle/setup.sh first)\n");
    exit(1);
}
if (!is_readable($zip)) {
    fwrite(STDERR, "add_scorm.php: cannot read $zip\n");
    exit(1);
}
require($moodle . '/config.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/mod/scorm/lib.php');
require_once($CFG->dirroot . '/mod/scorm/locallib.php');

\core\session\manager::set_user(get_admin());
$course = $DB->get_record('course', ['shortname' => $shortname], '*', MUST_EXIST);

// The form hands the package over as a file in the user's draft area: do the same.
$draftitemid = file_get_unused_draft_itemid();
get_file_storage()->create_file_from_pathname([
    'contextid' => context_user::instance($USER->id)->id,
    'component' => 'user',
    'filearea' => 'draft',
    'itemid' => $draftitemid,
    'filepath' => '/',
    'filename' => basename($zip),
], $zip);

$defaults = get_config('scorm');
$moduleinfo = (object) [
    'modulename' => 'scorm',
    'course' => $course->id,
    'section' => $section,
    'visible' => 1,
    'name' => $name,
    'introeditor' => ['text' => '', 'format' => FORMAT_HTML, 'itemid' => file_get_unused_draft_itemid()],
    'cmidnumber' => '',
    'scormtype' => SCORM_TYPE_LOCAL,
    'packagefile' => $draftitemid,
    'updatefreq' => $defaults->updatefreq,
    'popup' => $defaults->popup,
    'width' => $defaults->framewidth,
    'height' => $defaults->frameheight,
    'skipview' => $defaults->skipview,
    'hidebrowse' => $defaults->hidebrowse,
    'displaycoursestructure' => $defaults->displaycoursestructure,
    'hidetoc' => $defaults->hidetoc,
    'nav' => $defaults->nav,
    'navpositionleft' => $defaults->navpositionleft,
    'navpositiontop' => $defaults->navpositiontop,
    'displayattemptstatus' => $defaults->displayattemptstatus,
    'grademethod' => $defaults->grademethod,
    'maxgrade' => $defaults->maxgrade,
    'maxattempt' => $defaults->maxattempt,
    'whatgrade' => $defaults->whatgrade,
    'forcenewattempt' => $defaults->forcenewattempt,
    'lastattemptlock' => $defaults->lastattemptlock,
    'forcecompleted' => $defaults->forcecompleted,
    'auto' => $defaults->auto,
    'autocommit' => $defaults->autocommit,
    'masteryoverride' => $defaults->masteryoverride,
];
$moduleinfo = create_module($moduleinfo);

echo json_encode([
    'cmid' => (int) $moduleinfo->coursemodule,
    'scorm_id' => (int) $moduleinfo->instance,
    'url' => (new moodle_url('/mod/scorm/view.php', ['id' => $moduleinfo->coursemodule]))->out(false),
], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
