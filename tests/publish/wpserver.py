"""A real WordPress for the tests: Debian's wordpress package served by `php -S`, on a MariaDB
started from a temporary data folder, installed with an application password for Desk.

Debian's packages (wordpress, mariadb-server, php-cli, php-mysql) are installed when missing
(apt-get, as root); where that cannot be done the tests skip saying why (never in CI). The
site lives under a temporary folder: its own wp-config.php (WP_ENVIRONMENT_TYPE 'local', so
application passwords work over plain HTTP), wp-content and database; WordPress's code is
Debian's, linked in. Everything started here is stopped by stop().
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

PACKAGES = ("wordpress", "mariadb-server", "php-cli", "php-mysql")
WORDPRESS = Path("/usr/share/wordpress")
ADMIN = "desk-editor"
WAIT = 60.0  # seconds for a server to come up

CONFIG = """<?php
if (!defined('ABSPATH')) define('ABSPATH', '{root}/');
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:{socket}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_CONTENT_DIR', '{root}/wp-content');
define('WP_HOME', '{url}');
define('WP_SITEURL', '{url}');
define('WP_ENVIRONMENT_TYPE', 'local');
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
foreach (array('AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT',
               'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT') as $k) define($k, '{salt}' . $k);
$table_prefix = 'wp_';
require_once ABSPATH . 'wp-settings.php';
"""

# php -S runs this for every request: WordPress's files are Debian's (linked in), so ABSPATH
# must name the site folder for wp-load.php to read this site's wp-config.php.
ROUTER = """<?php
define('ABSPATH', '{root}/');
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
$file = '{root}' . $path;
if (is_dir($file)) {{ $file = rtrim($file, '/') . '/index.php'; }}
if (is_file($file) && substr($file, -4) !== '.php') {{ return false; }}
if (!is_file($file)) {{ $file = '{root}/index.php'; }}
$_SERVER['SCRIPT_FILENAME'] = $file;
$_SERVER['SCRIPT_NAME'] = $_SERVER['PHP_SELF'] = substr($file, strlen('{root}'));
chdir(dirname($file));
require $file;
"""

INSTALL = """<?php
define('ABSPATH', '{root}/');
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = '{host}';
function wp_new_blog_notification() {{}}
require_once ABSPATH . 'wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
wp_install('Desk test site', '{admin}', 'editor@example.com', false, '', wp_generate_password(24));
update_option('permalink_structure', '/%postname%/');
$out = array();
$roles = array('{admin}' => 'administrator', 'desk-contributor' => 'contributor');
foreach ($roles as $login => $role) {{
    $user = get_user_by('login', $login);
    $id = $user ? $user->ID : wp_insert_user(array('user_login' => $login,
        'user_pass' => wp_generate_password(24), 'user_email' => $login . '@example.com',
        'role' => $role));
    list($password) = WP_Application_Passwords::create_new_application_password(
        $id, array('name' => 'Desk tests'));
    $out[$login] = $password;
}}
echo json_encode($out);
"""


class Unavailable(Exception):
    """WordPress cannot be set up on this machine (the reason says why)."""


def missing_packages() -> list[str]:
    """Which of the Debian packages are not installed."""
    missing = []
    for name in PACKAGES:
        done = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True
        )
        if "install ok installed" not in done.stdout:
            missing.append(name)
    return missing


def install_packages() -> float:
    """Install the Debian packages when missing; returns the seconds it took."""
    if shutil.which("dpkg-query") is None:
        raise Unavailable("this is not a Debian system (no dpkg), so Debian's wordpress is absent")
    missing = missing_packages()
    if not missing:
        return 0.0
    if os.geteuid() != 0:
        raise Unavailable(f"not root, so these Debian packages cannot be installed: {missing}")
    start = time.monotonic()
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    lock = ["-o", "DPkg::Lock::Timeout=600"]
    for command in (
        ["apt-get", *lock, "update", "-qq"],
        ["apt-get", *lock, "install", "-y", "-qq", "--no-install-recommends", *missing],
    ):
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise Unavailable(f"{' '.join(command)} failed: {done.stderr.strip()[-400:]}")
    return time.monotonic() - start


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, what: str, process: subprocess.Popen, log: Path) -> None:
    """Poll check() until it is true; fail with the server's log when it died or took too long."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if check():
            return
        if process.poll() is not None:
            break
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    raise Unavailable(f"{what} did not start: {tail}")


class WordPressServer:
    """One WordPress site with its own database, started and stopped by the tests."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.site = root / "site"
        self.socket = root / "mysql.sock"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.passwords: dict[str, str] = {}
        self.db: subprocess.Popen | None = None
        self.web: subprocess.Popen | None = None
        self.timings: dict[str, float] = {}

    @property
    def user(self) -> str:
        """The administrator's login."""
        return ADMIN

    @property
    def password(self) -> str:
        """The administrator's application password."""
        return self.passwords[ADMIN]

    def start(self) -> None:
        """Database, site files, WordPress installed, web server up."""
        start = time.monotonic()
        try:
            self._start_database()
            self._write_site()
            self._install()
            self.start_web()
        except BaseException:
            self.stop()
            raise
        self.timings["start"] = time.monotonic() - start

    def _start_database(self) -> None:
        """MariaDB from a fresh data folder, on a socket only (no network port)."""
        data = self.root / "db"
        log = self.root / "mariadb.log"
        done = subprocess.run(
            [
                "mariadb-install-db",
                "--no-defaults",
                f"--datadir={data}",
                "--user=root",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise Unavailable(f"mariadb-install-db failed: {done.stderr[-800:]}")
        self.db = subprocess.Popen(
            [
                "mariadbd",
                "--no-defaults",
                f"--datadir={data}",
                f"--socket={self.socket}",
                "--skip-networking",
                "--user=root",
                f"--pid-file={self.root / 'mariadb.pid'}",
                f"--log-error={log}",
                "--innodb-buffer-pool-size=32M",
                "--skip-log-bin",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: self._sql("SELECT 1"), "MariaDB", self.db, log)
        if not self._sql("CREATE DATABASE wordpress CHARACTER SET utf8mb4"):
            raise Unavailable("MariaDB refused to create the wordpress database")

    def _sql(self, statement: str) -> bool:
        """Run one statement as root over the socket; True when it worked."""
        if not self.socket.exists():
            return False
        done = subprocess.run(
            ["mariadb", "--no-defaults", f"--socket={self.socket}", "-u", "root", "-e", statement],
            capture_output=True,
        )
        return done.returncode == 0

    def _write_site(self) -> None:
        """The site folder: Debian's WordPress linked in, this site's config and wp-content."""
        self.site.mkdir(parents=True)
        for entry in WORDPRESS.iterdir():
            if entry.name not in ("wp-config.php", "wp-content", ".htaccess"):
                (self.site / entry.name).symlink_to(entry)
        content = self.site / "wp-content"
        (content / "uploads").mkdir(parents=True)
        (content / "plugins").mkdir()
        (content / "themes").symlink_to(WORDPRESS / "wp-content" / "themes")
        values = {
            "root": self.site,
            "socket": self.socket,
            "url": self.url,
            "salt": os.urandom(8).hex(),
            "host": f"127.0.0.1:{self.port}",
            "admin": ADMIN,
        }
        (self.site / "wp-config.php").write_text(CONFIG.format(**values))
        (self.root / "router.php").write_text(ROUTER.format(**values))
        (self.root / "install.php").write_text(INSTALL.format(**values))

    def _install(self) -> None:
        """wp_install() and application passwords, by a PHP script."""
        done = subprocess.run(
            ["php", str(self.root / "install.php")], capture_output=True, text=True, cwd=self.site
        )
        try:
            self.passwords = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            raise Unavailable(  # noqa: B904 (the output says more than the parse error)
                f"WordPress did not install: {done.stdout[-800:]} {done.stderr[-800:]}"
            )

    def start_web(self) -> None:
        """Serve the site with PHP's built-in web server (again, after stop_web)."""
        log = self.root / "php.log"
        self.web = subprocess.Popen(
            [
                "php",
                "-d", "upload_max_filesize=64M",
                "-d", "post_max_size=64M",
                "-d", "memory_limit=512M",
                "-S", f"127.0.0.1:{self.port}",
                "-t", str(self.site),
                str(self.root / "router.php"),
            ],
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            cwd=self.site,
        )  # fmt: skip
        wait_until(self._listening, "php -S", self.web, log)

    def _listening(self) -> bool:
        """True when the web server accepts connections."""
        with socket.socket() as sock:
            sock.settimeout(0.5)
            return sock.connect_ex(("127.0.0.1", self.port)) == 0

    def stop_web(self) -> None:
        """Stop the web server (the site is 'down'); the database keeps running."""
        _end(self.web)
        self.web = None

    def stop(self) -> None:
        """Stop everything this server started."""
        self.stop_web()
        _end(self.db, grace=30)
        self.db = None


def _end(process: subprocess.Popen | None, grace: float = 10) -> None:
    """Terminate a process we started and wait for it (kill it if it will not go)."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


if __name__ == "__main__":  # a site to look at by hand: python tests/publish/wpserver.py DIR
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = WordPressServer(Path(sys.argv[1]))
    server.start()
    print(server.url, server.user, server.password, flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        server.stop()
