#!/usr/bin/env bash
# A local Moodle 4.5 for trying the project's SCORM packages by hand and with Playwright.
#
# Not part of `make test`: Moodle does not come from a package registry. See README.md.
#
#   tools/moodle/setup.sh --src <Moodle tree or git dir> [--rev <commit>] [--port 8765]
#                         [--run-dir /work/moodle-run] [--reset]
#
# Every step is skipped when it is already done, so running it again only (re)starts the
# web server. --reset deletes the site (code copy, data folder, database) first.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
src="${MOODLE_SRC:-}"
rev="${MOODLE_REV:-}"
port="${MOODLE_PORT:-8765}"
run="${MOODLE_RUN:-/work/moodle-run}"
reset=0

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --src) src="$2"; shift 2 ;;
        --rev) rev="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --run-dir) run="$2"; shift 2 ;;
        --reset) reset=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "setup.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

www="$run/www"
data="$run/data"
db_name="moodle"
db_user="moodle"
db_pass="moodle-local"
admin_user="admin"
admin_pass="Admin-1234"
wwwroot="http://127.0.0.1:$port"
# Paths of the snapshot that are not Moodle core (another site's config.php, its own local
# plugins and theme); a plain Moodle tree simply does not have them.
exclude=(config.php local/assessment local/assessmentreport local/corechanges theme/moove)
php_opts=(-d max_input_vars=5000 -d memory_limit=512M -d upload_max_filesize=100M
          -d post_max_size=100M -d max_execution_time=0)

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { echo "setup.sh: $*" >&2; exit 1; }
as_postgres() { runuser -u postgres -- "$@"; }

[ "$(id -u)" = 0 ] || die "run me as root (I install packages and manage PostgreSQL)"

# 1. Debian packages -------------------------------------------------------------------
packages=(php8.2-cli php8.2-pgsql php8.2-xml php8.2-zip php8.2-mbstring php8.2-curl
          php8.2-gd php8.2-intl php8.2-soap postgresql)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# 2. PostgreSQL --------------------------------------------------------------------------
cluster="$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')"
[ -n "$cluster" ] || die "no PostgreSQL cluster found (pg_lsclusters is empty)"
# shellcheck disable=SC2086
if ! pg_lsclusters --no-header | awk 'NR==1 {print $4}' | grep -q online; then
    say "starting PostgreSQL $cluster"
    pg_ctlcluster $cluster start
fi
db_port="$(pg_lsclusters --no-header | awk 'NR==1 {print $3}')"

# 3. Reset (only when asked) ---------------------------------------------------------------
if [ "$reset" = 1 ]; then
    say "reset: stopping the server, removing $www, $data and database $db_name"
    "$here/stop.sh" --run-dir "$run" || true
    rm -rf "$www" "$data" "$run/moodle.env" "$run/php-server.log"
    as_postgres psql -q -p "$db_port" -c "DROP DATABASE IF EXISTS $db_name" >/dev/null
fi

if ! as_postgres psql -p "$db_port" -tAc "SELECT 1 FROM pg_roles WHERE rolname='$db_user'" | grep -q 1; then
    say "creating database user $db_user"
    as_postgres psql -q -p "$db_port" -c "CREATE ROLE $db_user LOGIN PASSWORD '$db_pass'"
fi
if ! as_postgres psql -p "$db_port" -tAc "SELECT 1 FROM pg_database WHERE datname='$db_name'" | grep -q 1; then
    say "creating database $db_name"
    as_postgres psql -q -p "$db_port" -c \
        "CREATE DATABASE $db_name OWNER $db_user ENCODING 'UTF8' TEMPLATE template0"
fi

# 4. Moodle's code -----------------------------------------------------------------------
if [ ! -f "$www/version.php" ]; then
    [ -n "$src" ] || die "no Moodle code in $www yet: give --src (a Moodle 4.5 tree or a git directory)"
    mkdir -p "$www"
    if git --git-dir="$src" rev-parse --verify -q HEAD >/dev/null 2>&1; then
        # A git directory (bare or not): check out one commit, by default the first one.
        [ -n "$rev" ] || rev="$(git --git-dir="$src" rev-list --max-parents=0 HEAD | tail -n 1)"
        say "checking out $rev from $src into $www"
        index="$run/checkout.index"
        rm -f "$index"
        GIT_INDEX_FILE="$index" git --git-dir="$src" read-tree "$rev"
        # A snapshot may lack some big files; leave them out instead of failing on them.
        absent="$(GIT_INDEX_FILE="$index" git --git-dir="$src" ls-files -s \
            | awk '{print $2" "$4}' \
            | git --git-dir="$src" cat-file --batch-check='%(objectname) %(rest)' \
            | awk '$2 == "missing" {print $1}' \
            | sort -u \
            | while read -r blob; do
                GIT_INDEX_FILE="$index" git --git-dir="$src" ls-files -s | awk -v b="$blob" '$2 == b {print $4}'
              done)"
        if [ -n "$absent" ]; then
            say "absent from the source, left out: $(echo "$absent" | paste -sd " ")"
            echo "$absent" | GIT_INDEX_FILE="$index" git --git-dir="$src" update-index --force-remove --stdin
        fi
        GIT_INDEX_FILE="$index" git --git-dir="$src" --work-tree="$www" checkout-index -a -q
        rm -f "$index"
        echo "$rev" > "$run/source-commit"
    elif [ -f "$src/version.php" ]; then
        say "copying $src into $www"
        cp -a "$src/." "$www/"
    else
        die "$src is neither a git directory nor a Moodle tree (no version.php)"
    fi
    for path in "${exclude[@]}"; do
        if [ -e "$www/$path" ]; then
            say "leaving out $path (not part of Moodle core)"
            rm -rf "${www:?}/$path"
        fi
    done
fi
release="$(php -r 'define("MOODLE_INTERNAL", 1); define("MATURITY_STABLE", 200);
    $plugin = new stdClass(); include $argv[1]; echo $release;' "$www/version.php")"
case "$release" in
    4.5.*) say "Moodle $release in $www" ;;
    *) say "warning: $www holds Moodle $release, these scripts were written for 4.5.6" ;;
esac

# 5. Install (config.php, then the database) -----------------------------------------------
mkdir -p "$data"
if [ ! -f "$www/config.php" ]; then
    say "writing $www/config.php with admin/cli/install.php"
    php "${php_opts[@]}" "$www/admin/cli/install.php" --non-interactive --agree-license \
        --skip-database --lang=en --wwwroot="$wwwroot" --dataroot="$data" \
        --dbtype=pgsql --dbhost=127.0.0.1 --dbport="$db_port" --dbname="$db_name" \
        --dbuser="$db_user" --dbpass="$db_pass" --prefix=mdl_ \
        --fullname="Library training test LMS" --shortname="lms-test" \
        --adminuser="$admin_user" --adminpass="$admin_pass" --adminemail=admin@example.invalid \
        >"$run/install-config.log" 2>&1 || { cat "$run/install-config.log"; die "install.php failed"; }
    # Settings for a loopback-only test site, put in before config.php loads Moodle.
    extra="$(cat <<'PHP'
// Added by tools/moodle/setup.sh: a local test site that never reaches the outside.
$CFG->disableupdatenotifications = true;
$CFG->disableupdateautodeploy = true;
$CFG->noemailever = true;
$CFG->preventexecpath = true;
$CFG->debug = E_ALL & ~E_STRICT;  // Moodle's DEBUG_ALL: notices go to the server log.
$CFG->debugdisplay = 0;
PHP
)"
    php -r '$f = $argv[1]; $c = file_get_contents($f);
        $needle = "require_once(__DIR__ . \x27/lib/setup.php\x27);";
        if (strpos($c, $needle) === false) { fwrite(STDERR, "config.php: no setup line\n"); exit(1); }
        file_put_contents($f, str_replace($needle, $argv[2] . "\n\n" . $needle, $c));' \
        "$www/config.php" "$extra"
fi
installed="$(PGPASSWORD="$db_pass" psql -h 127.0.0.1 -p "$db_port" -U "$db_user" -d "$db_name" -tAc \
    "SELECT value FROM mdl_config WHERE name='version'" 2>/dev/null || true)"
if [ -z "$installed" ]; then
    say "installing the database with admin/cli/install_database.php (takes several minutes)"
    start=$(date +%s)
    php "${php_opts[@]}" "$www/admin/cli/install_database.php" --agree-license \
        --lang=en --fullname="Library training test LMS" --shortname="lms-test" \
        --adminuser="$admin_user" --adminpass="$admin_pass" --adminemail=admin@example.invalid \
        >"$run/install-database.log" 2>&1 \
        || { tail -n 40 "$run/install-database.log"; die "install_database.php failed (log: $run/install-database.log)"; }
    say "database installed in $(( $(date +%s) - start )) s"
fi
say "site settings: $(php "${php_opts[@]}" "$here/php/site_settings.php" --moodle="$www")"

cat >"$run/moodle.env" <<EOF
MOODLE_WWW=$www
MOODLE_DATA=$data
MOODLE_URL=$wwwroot
MOODLE_PORT=$port
MOODLE_ADMIN_USER=$admin_user
MOODLE_ADMIN_PASS=$admin_pass
MOODLE_DB_HOST=127.0.0.1
MOODLE_DB_PORT=$db_port
MOODLE_DB_NAME=$db_name
MOODLE_DB_USER=$db_user
MOODLE_DB_PASS=$db_pass
EOF

# 6. Web server ------------------------------------------------------------------------------
configured_root="$(php -r 'define("CLI_SCRIPT", 1); define("ABORT_AFTER_CONFIG", 1);
    require $argv[1]; echo $CFG->wwwroot;' "$www/config.php")"
[ "$configured_root" = "$wwwroot" ] \
    || die "config.php says wwwroot=$configured_root but --port asks for $wwwroot; use --reset or the old port"

pidfile="$run/php-server.pid"
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    say "web server already running (pid $(cat "$pidfile"))"
else
    say "starting php -S 127.0.0.1:$port"
    # Several workers, or one slow request (a package upload) holds up every other one.
    PHP_CLI_SERVER_WORKERS=4 setsid php "${php_opts[@]}" -S "127.0.0.1:$port" -t "$www" \
        >>"$run/php-server.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
fi
for _ in $(seq 1 50); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "$wwwroot/login/index.php" || true)"
    [ "$code" = 200 ] && break
    sleep 0.2
done
[ "$code" = 200 ] || die "the login page answered $code (log: $run/php-server.log)"

cat <<EOF

Moodle is up: $wwwroot/
  admin login: $admin_user / $admin_pass
  code: $www   data: $data   database: $db_name on 127.0.0.1:$db_port (user $db_user / $db_pass)
  server log: $run/php-server.log    stop it with: tools/moodle/stop.sh
EOF
