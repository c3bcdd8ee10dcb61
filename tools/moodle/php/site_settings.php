<?php
// Settings that make the local Moodle of tools/moodle/setup.sh quiet and predictable for
// tests. Safe to run again.
//
//   php site_settings.php --moodle=/work/moodle-run/www
//
// - The MathJax filter loads MathJax from cdn.jsdelivr.net on every page: turned off, so no
//   page asks for anything beyond the machine.
// - User tours (pop-up guides on a user's first visits) cover the page and catch clicks that
//   were meant for it: all turned off.

define('CLI_SCRIPT', true);

$options = getopt('', ['moodle:']);
$moodle = $options['moodle'] ?? getenv('MOODLE_WWW') ?: '/work/moodle-run/www';
if (!is_file($moodle . '/config.php')) {
    fwrite(STDERR, "site_settings.php: no config.php in $moodle\n");
    exit(1);
}
require($moodle . '/config.php');
require_once($CFG->libdir . '/filterlib.php');

filter_set_global_state('mathjaxloader', TEXTFILTER_DISABLED);
$DB->set_field('tool_usertours_tours', 'enabled', 0);
\tool_usertours\cache::notify_tour_change();

echo "MathJax filter off, user tours off\n";
