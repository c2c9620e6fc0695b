"""Run `mox localserve` as a test fixture from Python, using only the CLI and the standard library.

    with MoxLocalserve() as mox:
        ... send mail to mox.host / mox.ports["submission"] ...
        msg = mox.wait_for_message(to="alice@example.org", subject="Welcome!")

The command is `npx mox` unless MOX_CMD says otherwise (e.g. MOX_CMD="node /path/to/bin/mox.js").
"""
import base64
import json
import os
import shlex
import subprocess
import urllib.error
import urllib.parse
import urllib.request


class MoxLocalserve:
    def __init__(self, cmd=None, log=None):
        self.cmd = shlex.split(cmd or os.environ.get("MOX_CMD", "npx mox"))
        self.log = log  # File to write mox's log (stderr) to; discarded by default.
        self.proc = None
        self.info = None

    def start(self):
        # -ephemeral: temporary dir removed at exit, free ports; -json: one line with ports
        # and credentials on stdout once ready.
        self.proc = subprocess.Popen(
            self.cmd + ["localserve", "-ephemeral", "-json"],
            stdout=subprocess.PIPE,
            stderr=self.log or subprocess.DEVNULL,
            text=True,
        )
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait(10)
            raise RuntimeError("mox localserve exited with code %s before it was ready" % self.proc.returncode)
        self.info = json.loads(line)
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def host(self):
        return self.info["host"]

    @property
    def ports(self):
        return self.info["ports"]

    @property
    def username(self):
        return self.info["credentials"]["username"]

    @property
    def password(self):
        return self.info["credentials"]["password"]

    def _request(self, path, params=None, method="GET", timeout=30):
        url = self.info["urls"]["fixture"] + path
        if params:
            url += "?" + urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        req = urllib.request.Request(url, method=method, headers={"Authorization": self.info["credentials"]["authorization"]})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.load(resp)

    def wait_for_message(self, to=None, subject=None, sender=None, timeout=10):
        """Blocks until a matching message is there (server-side, no polling); returns it as a dict.

        Raises TimeoutError when none arrives within `timeout` seconds. The dict has subject,
        from/to/cc (lists of {name, address}), text, html, headers, attachments (content in
        base64) and raw (the whole message, base64; see raw_bytes).
        """
        params = {"to": to, "subject": subject, "from": sender, "timeout": "%gs" % timeout}
        try:
            return self._request("wait", params, timeout=timeout + 10)
        except urllib.error.HTTPError as e:
            if e.code == 408:
                raise TimeoutError(json.load(e)["message"]) from None
            raise

    def messages(self, to=None, subject=None, sender=None):
        return self._request("messages", {"to": to, "subject": subject, "from": sender})["messages"]

    def clear(self):
        return self._request("messages", method="DELETE")["removed"]

    def retired(self):
        return self._request("retired")["retired"]

    @staticmethod
    def raw_bytes(msg):
        return base64.b64decode(msg["raw"])
