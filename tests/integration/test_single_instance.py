"""One mynadesk per data folder: a second launch with the same folder brings the first window
forward and exits; one in another mode says in one line that mynadesk is already running."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui.single_instance import ask_running_instance, socket_path

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60.0


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


def _launch(data_dir: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ui.main", "--data-dir", str(data_dir), *args],
        cwd=ROOT, env=_env(**env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _wait_listening(data_dir: Path, first: subprocess.Popen[str], mode: str) -> None:
    path = socket_path(data_dir)
    deadline = time.monotonic() + START_TIMEOUT_S
    while not os.path.exists(path):
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline, "the first instance never started listening"
        time.sleep(0.1)


@pytest.fixture
def first(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    proc = _launch(tmp_path / "data")
    try:
        _wait_listening(tmp_path / "data", proc, "desktop embedded")
        yield proc
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


def test_a_second_launch_with_the_same_data_dir_exits_and_raises_the_first(
    first: subprocess.Popen[str], tmp_path: Path
) -> None:
    second = _launch(tmp_path / "data")
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert out.strip() == "mynadesk is already running: its window was brought to the front."
    assert first.poll() is None  # the first keeps running


def test_another_mode_says_in_one_line_that_mynadesk_runs(first: subprocess.Popen[str], tmp_path: Path) -> None:
    second = _launch(tmp_path / "data", "--backend", "https://127.0.0.1:9", "--ca-file", str(ROOT / "README.md"))
    _out, err = second.communicate(timeout=60)
    assert second.returncode == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("mynadesk is already running with this data folder"), err
    assert first.poll() is None


def test_another_data_dir_is_another_instance(first: subprocess.Popen[str], tmp_path: Path) -> None:
    other = tmp_path / "other"
    assert ask_running_instance(socket_path(other), "desktop embedded") is None
    assert ask_running_instance(socket_path(tmp_path / "data"), "desktop embedded") == "raised"


def test_the_self_test_takes_no_part(first: subprocess.Popen[str], tmp_path: Path) -> None:
    # A self-test against a dead backend fails fast, but it must not be turned away as a second launch.
    second = _launch(tmp_path / "data", "--self-test", "--backend", "https://127.0.0.1:9")
    out, err = second.communicate(timeout=120)
    assert "already running" not in out + err


def test_a_stale_socket_of_a_killed_instance_is_taken_over(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc = _launch(data)
    try:
        _wait_listening(data, proc, "desktop embedded")
    finally:
        proc.kill()
        proc.communicate()
    assert os.path.exists(socket_path(data))  # left behind by the kill
    again = _launch(data)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while ask_running_instance(socket_path(data), "desktop embedded") != "raised":
            assert again.poll() is None, again.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.2)
    finally:
        again.terminate()
        again.communicate(timeout=30)


def test_on_a_real_screen_the_first_window_comes_to_the_front(tmp_path: Path) -> None:
    """Xvfb + openbox: the first window minimised, a second launch brings it back and active."""
    read_fd, write_fd = os.pipe()
    # -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as ready:
        display = ":" + ready.readline().strip()
    wm = None
    first = None
    env = {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    try:
        assert shutil.which("xdotool"), "scripts/setup.sh installs xdotool"
        assert shutil.which("openbox"), "scripts/setup.sh installs openbox"
        wm = subprocess.Popen(["openbox"], env=_env(**env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        first = _launch(tmp_path / "data", **env)
        _wait_listening(tmp_path / "data", first, "desktop embedded")
        xenv = _env(**env)

        def window_id() -> str:
            found = subprocess.run(["xdotool", "search", "--pid", str(first.pid), "--onlyvisible", "--name", "."],
                                   env=xenv, capture_output=True, text=True).stdout.split()
            return found[0] if found else ""

        deadline = time.monotonic() + 30
        while not (wid := window_id()):
            assert time.monotonic() < deadline, "no visible window"
            time.sleep(0.2)
        subprocess.run(["xdotool", "windowminimize", "--sync", wid], env=xenv, check=True, timeout=20)
        second = _launch(tmp_path / "data", **env)
        _out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        deadline = time.monotonic() + 10
        while True:
            active = subprocess.run(["xdotool", "getactivewindow"], env=xenv, capture_output=True, text=True).stdout.strip()
            visible = window_id()
            if visible and active == visible:
                break
            assert time.monotonic() < deadline, f"window not active again (active {active!r}, ours {visible!r})"
            time.sleep(0.2)
    finally:
        for proc in (first, wm, xvfb):
            if proc is not None:
                proc.terminate()
                try:
                    proc.communicate(timeout=20) if proc is first else proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
