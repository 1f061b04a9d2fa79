"""The CLI's contract on failures: one line per bad file, non-zero exit, nothing left behind."""

import pytest

from redact.cli import EXIT_FAILED, build_parser, main


def test_help_describes_the_job(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in ("--keep-audio", "--mode", "--report", "metadata", "exit status"):
        assert word in out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.jpg", "no such file"),
        (lambda d: (d / "notes.md").write_text("x") and d / "notes.md", "unsupported file type"),
        (lambda d: (d / "empty.jpg").write_bytes(b"") or d / "empty.jpg", "not a readable image"),
        (lambda d: (d / "text.mp4").write_text("hello") and d / "text.mp4", "not a readable video"),
    ],
)
def test_a_bad_input_gets_one_line_and_a_failing_exit(tmp_path, capsys, make, message):
    path = make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main([str(path)]) == EXIT_FAILED
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and str(path) in err[0]
    assert "Traceback" not in err[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_an_existing_output_is_not_replaced_without_overwrite(samples, tmp_path, capsys):
    out = tmp_path / "out.jpg"
    out.write_bytes(b"keep me")
    assert main([str(samples / "people.jpg"), "-o", str(out)]) == EXIT_FAILED
    assert out.read_bytes() == b"keep me"
    assert "--overwrite" in capsys.readouterr().err


def test_the_input_is_never_the_output(samples, tmp_path, capsys):
    src = tmp_path / "p.jpg"
    src.write_bytes((samples / "people.jpg").read_bytes())
    data = src.read_bytes()
    assert main([str(src), "-o", str(src), "--overwrite"]) == EXIT_FAILED
    assert src.read_bytes() == data
    assert "input" in capsys.readouterr().err


def test_a_photo_cannot_be_written_as_a_video(samples, tmp_path, capsys):
    assert main([str(samples / "people.jpg"), "-o", str(tmp_path / "x.mp4")]) == EXIT_FAILED
    assert "cannot be written as .mp4" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bad", [["--mode", "smudge"], ["--mask", "circle"], []])
def test_bad_usage_exits_2(bad):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args([*bad] if bad else [])
    assert exc.value.code == 2


def test_one_failure_does_not_stop_the_batch(samples, tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(tmp_path / "missing.jpg"), str(samples / "people.jpg"), "-o", str(out)]) == 1
    assert (out / "people.jpg").is_file()
    assert "1 of 2 files failed" in capsys.readouterr().err


@pytest.mark.slow
def test_when_stopped_by_sigterm_then_no_output_or_temporary_file_is_left(samples, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    src = tmp_path / "clip.mp4"
    src.write_bytes((samples / "clip.mp4").read_bytes())
    proc = subprocess.Popen(
        [sys.executable, "-m", "redact.cli", str(src), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(tmp_path.iterdir())) < 2:
        time.sleep(0.1)  # wait until the temporary output exists
    assert len(list(tmp_path.iterdir())) == 2, "the run never started writing"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert [p.name for p in tmp_path.iterdir()] == ["clip.mp4"]
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("sample", "disguise", "message"),
    [("people.jpg", "photo.mp4", "is an image"), ("clip.mp4", "clip.jpg", "is a video")],
)
def test_when_the_name_lies_about_the_content_then_one_clear_line(
    samples, tmp_path, capsys, sample, disguise, message
):
    src = tmp_path / disguise
    src.write_bytes((samples / sample).read_bytes())
    assert main([str(src)]) == EXIT_FAILED
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert [p.name for p in tmp_path.iterdir()] == [disguise]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("people.jpg", "image"), ("clip.mp4", "video"), ("ward.jpg", "image"), ("README.md", None)],
)
def test_sniff_reads_the_content(samples, name, expected):
    from redact.media import sniff

    assert sniff(samples / name) == expected


@pytest.mark.parametrize(
    ("flags", "profile"),
    [
        ([], "balanced"),
        (["--fast"], "fast"),
        (["--thorough"], "thorough"),
        (["--profile", "fast"], "fast"),
    ],
)
def test_speed_profiles_are_chosen_by_name_or_shortcut(flags, profile):
    assert build_parser().parse_args(["x.mp4", *flags]).profile == profile


@pytest.mark.parametrize(
    "bad", [["--crf", "52"], ["--crf", "-1"], ["--preset", "warp"], ["--fast", "--thorough"]]
)
def test_bad_encoder_or_profile_options_exit_2(bad, capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["x.mp4", *bad])
    assert exc.value.code == 2


def test_a_higher_crf_writes_a_smaller_video(samples, tmp_path):
    sizes = []
    for crf in ("14", "34"):
        out = tmp_path / f"crf{crf}.mp4"
        assert (
            main(
                [
                    str(samples / "clip.mp4"),
                    "-o",
                    str(out),
                    "-q",
                    "--text",
                    "off",
                    "--fast",
                    "--crf",
                    crf,
                    "--preset",
                    "ultrafast",
                ]
            )
            == 0
        )
        sizes.append(out.stat().st_size)
    assert sizes[1] < 0.6 * sizes[0]
