"""`odum serve` start-up mistakes: one clear line each, no traceback, no secret."""

from __future__ import annotations

import json

import pytest

from entrypoints.cli import serve_commands
from entrypoints.cli.main import main
from tests.plugins.postgres_server import PostgresCluster, free_port


@pytest.fixture
def never_serve(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve_commands, "run_server", lambda *a: pytest.fail("must not serve"))


def _config(tmp_path, **sections: object) -> str:
    path = tmp_path / "live.json"
    path.write_text(json.dumps(sections))
    return str(path)


def test_an_unreachable_database_is_one_line(
    never_serve: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql://odum:s3cret-pw@127.0.0.1:{free_port()}/odum"
    monkeypatch.setenv("ODUM_DATABASE_URL", url)
    assert main(["serve", "live"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("odum serve: error: cannot start the live service: PostgreSQL ")
    assert err.count("\n") == 1
    assert "s3cret-pw" not in err
    assert "Traceback" not in err


@pytest.mark.postgres
def test_a_refused_login_is_one_line_naming_the_cause(
    never_serve: None,
    postgres_cluster: PostgresCluster,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"postgresql://nobody:s3cret-pw@127.0.0.1:{postgres_cluster.port}/odum"
    monkeypatch.setenv("ODUM_DATABASE_URL", url)
    assert main(["serve", "live"]) == 1
    err = capsys.readouterr().err
    assert "PostgreSQL refused the connection" in err
    assert '"nobody"' in err  # libpq's cause: no such role
    assert err.count("\n") == 1
    assert "s3cret-pw" not in err


def test_a_pool_of_zero_is_a_config_error(
    never_serve: None, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, database={"pool_max_size": 0})
    assert main(["serve", "live", "--config", config]) == 2
    err = capsys.readouterr().err
    assert "database.pool_max_size: must be at least 1" in err
    assert "Traceback" not in err


def test_keyless_reads_need_a_loopback_host(
    never_serve: None, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, api={"open_reads_on_loopback": True})
    assert (
        main(["serve", "live", "--profile", "test", "--host", "0.0.0.0", "--config", config]) == 2
    )
    assert "needs --host 127.0.0.1" in capsys.readouterr().err


def test_a_malformed_key_entry_is_one_line(
    never_serve: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ODUM_API_KEYS", "alice:admin:plaintext-key")
    assert main(["serve", "live", "--profile", "test"]) == 1
    err = capsys.readouterr().err
    assert "role 'admin' is not one of viewer, trader, operator" in err
    assert "plaintext-key" not in err
