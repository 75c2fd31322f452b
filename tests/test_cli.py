"""The command line as a user runs it: a real process, real files."""

import json
import os
import subprocess
import sys
from pathlib import Path

from reader.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=120
    )


def test_align_summary_names_shares_additions_and_verbatim(seed_paths, capsys) -> None:
    assert main(["align", *map(str, seed_paths)]) == 0
    out = capsys.readouterr().out
    assert "Copied text: the share of each row" in out
    assert "Additions: passages found in one source only" in out
    assert (
        "[WIRED, Musk Admits xAI Distilled…] More recently, Anthropic cut off xAI from using its AI models "
        "for coding" in out
    )
    # 003 and 004 are dated May 4 and May 9: two datelines, not a detail two reports of one fact differ on.
    assert "Details that differ between linked passages" not in out
    told = out[out.index("Told again by their source; other sources report them") :]
    assert (
        "  Musk Admits xAI Used… g" in told
        and "Elon Musk confirmed under oath that xAI used OpenAI's models" in told
    )
    assert "  WIRED  000_96ba02d55be56b15.txt  30 passages  (Apr 30, 2026 1:41 PM)" in out
    assert "  Elon Musk Admits xAI…  001_ae76f33b12f49359.txt  15 passages  (date unknown)" in out
    who = out[out.index("Who copies whom") :]
    assert (
        "  Musk Admits xAI Distilled… takes " in who
        and " of its text from WIRED; " in who
        and "Direction: its credits." in who
    )
    assert "  Musk Admits xAI Distilled… credits WIRED 5 times, The Verge (not compared)" in who


def test_align_summary_lists_the_details_that_differ(tmp_path, capsys) -> None:
    from tests.export.test_relation_exports import FIRST, SECOND

    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    assert main(["align", str(first), str(second)]) == 0
    out = capsys.readouterr().out
    assert (
        "Details that differ between linked passages" in out
        and "  Elon Musk testified… ~ According to testimony…: " in out
    )
    assert "≠ date: 'May 9' vs 'May 4'" in out


def test_align_json_follows_the_documented_schema(seed_paths, capsys) -> None:
    assert main(["align", "--json", *map(str, seed_paths)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "reader.alignment/2"
    assert [s["id"] for s in data["sources"]] == ["s1", "s2", "s3", "s4", "s5"]
    texts = {s["id"]: s["text"] for s in data["sources"]}
    assert set(data["options"]) == {"granularity", "threshold", "normalization"}
    assert len(data["pairs"]) == 10
    ids = {group["id"]: group for group in data["groups"]}
    for group in data["groups"]:
        assert group["kind"] in {"verbatim", "reworded", "paraphrase", "repeated", "unique"}
        if group["kind"] == "repeated":
            (member,) = group["members"]
            where = ids[group["repeats"]]
            sources = {m["source"] for m in where["members"]}
            assert member["source"] in sources and member["compared_with"] in sources - {member["source"]}
        else:
            assert "repeats" not in group
        for member in group["members"]:
            assert texts[member["source"]][member["start"] : member["end"]] == member["text"]
            assert member["classification"] in {"identical", "reworded", "paraphrase", "unique"}
            if member["classification"] != "unique":
                assert member["found_by"] in {"exact", "edited", "meaning"} and 0 <= member["confidence"] <= 1
            for found in member.get("discrepancies", []):
                assert texts[member["source"]][slice(*found["b"])] == found["b_text"]
                assert texts[member["compared_with"]][slice(*found["a"])] == found["a_text"]
            if "diff" in member:
                other = texts[member["compared_with"]]
                mine = "".join(
                    texts[member["source"]][slice(*op["b"])] for op in member["diff"] if op["op"] != "delete"
                )
                assert mine == member["text"]
                assert all(
                    op["text"]
                    == (
                        other[slice(*op["a"])]
                        if op["op"] == "delete"
                        else texts[member["source"]][slice(*op["b"])]
                    )
                    for op in member["diff"]
                )
    assert any(g["kind"] == "repeated" for g in data["groups"]), "an outlet tells the key fact twice"
    assert data["fragments"], "the seeds copy at least one clause into a rewritten sentence"
    for fragment in data["fragments"]:
        first, second = fragment["sources"]
        assert texts[first][slice(*fragment["a"])] == fragment["text"]
        assert fragment["words"] >= 8 and len(texts[second][slice(*fragment["b"])].split()) >= 8
    assert {tuple(c["sources"]) for c in data["discrepancy_counts"]} <= {
        tuple(p["sources"]) for p in data["pairs"]
    }
    sources = {s["id"]: s for s in data["sources"]}
    assert sources["s1"]["published"]["iso"] == "2026-04-30T13:41" and sources["s1"]["outlet"] == "WIRED"
    assert sources["s5"]["published"] is None
    groups = {g["id"]: g for g in data["groups"]}
    wired = next(c for c in data["copying"] if (c["copier"], c["origin"]) == ("s5", "s1"))
    assert wired["direction_known"] and wired["evidence"] == "credit"
    chars = wired["characters"]
    # /2: a passage counts the words taken (of an edited one, its words equal in the diff), less the
    # words both quote from a third party (not credited)
    assert chars["verbatim"] + chars["edited"] + chars["fragments"] == sum(
        p["characters"] for p in wired["passages"]
    )
    assert all(p["characters"] <= p["span"][1] - p["span"][0] for p in wired["passages"])
    assert chars["both_quote"] > 0 and not any(p["credited"] and p["both_quote"] for p in wired["passages"])
    (memo,) = data["both_quote"]  # WIRED and s5 both quote OpenAI's memo; s5 does not credit WIRED for it
    assert memo["sources"] == ["s1", "s5"] and memo["speakers"] == ["OpenAI"]
    for passage in memo["passages"]:
        assert texts["s1"][slice(*passage["a"])] == passage["text"]
        assert "taken steps to protect" in passage["text"] or "China can" in passage["text"]
    assert memo["characters"][1] == chars["both_quote"]
    # The one fragment of the seeds is OpenAI's words, which both quote: marked as such, not as copying.
    assert [f.get("quoted") for f in data["fragments"]] == [{"speakers": ["OpenAI"]}]
    assert (
        abs(wired["share"] - (chars["verbatim"] + chars["edited"] + chars["fragments"]) / chars["total"])
        < 1e-3
    )
    exchange = next(
        p for p in wired["passages"] if texts["s5"][slice(*p["span"])] == "Savitt: So that's a yes."
    )
    assert exchange["credited"] and exchange["kind"] == "verbatim"
    assert groups[exchange["group"]]["origin"]["first"] == "s1"
    for copy in data["copying"]:
        assert copy["direction_known"] != bool(copy["reason"])
    for credit in data["credits"]:
        assert texts[credit["source"]][slice(*credit["span"])] == credit["outlet"]


def test_bad_files_get_one_line_each_and_the_rest_still_align(tmp_path: Path, seed_paths) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    empty = tmp_path / "empty.md"
    empty.write_text("")
    result = run(
        "align", str(seed_paths[0]), str(binary), str(tmp_path / "gone.txt"), str(empty), str(seed_paths[4])
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"reader: {binary}: is a PNG image, not text",
        f"reader: {tmp_path / 'gone.txt'}: no such file",
        f"reader: {empty}: is empty",
    ]
    assert "Traceback" not in result.stderr
    assert "Sources (2)" in result.stdout


def test_nothing_readable_is_a_usage_error(tmp_path: Path) -> None:
    result = run("align", str(tmp_path / "missing.txt"))
    assert result.returncode == 2
    assert "nothing to align" in result.stderr and "Traceback" not in result.stderr


def test_bad_option_value_is_explained() -> None:
    result = run("align", "--threshold", "7", "x.txt")
    assert result.returncode == 2 and "not between 0 and 1" in result.stderr


def test_output_file_and_version(tmp_path: Path, seed_paths) -> None:
    out = tmp_path / "alignment.json"
    assert main(["align", "--json", "--no-text", "-o", str(out), *map(str, seed_paths)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "text" not in data["sources"][0]
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("Reader ")


def test_unwritable_output_is_reported(tmp_path: Path, seed_paths, capsys) -> None:
    assert main(["align", "-o", str(tmp_path / "no" / "such" / "dir.txt"), str(seed_paths[0])]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_urls_mix_with_files_and_a_failing_one_is_one_line(web, seed_paths, tmp_path: Path) -> None:
    result = run("align", "--json", web.url("/story.html"), str(seed_paths[0]), web.url("/missing"))
    assert result.returncode == 1  # one source refused, the others aligned
    data = json.loads(result.stdout)
    assert [s["path"] for s in data["sources"]] == [web.url("/story.html"), str(seed_paths[0])]
    assert data["sources"][0]["title"] == "Musk admits xAI distilled OpenAI models"
    assert (
        result.stderr.strip().splitlines()[-1]
        == f"reader: {web.url('/missing')}: the server answered 404 Not Found"
    )


def test_only_a_process_of_its_own_keeps_the_alignment_out_of_the_collectors_way(seed_paths, capsys) -> None:
    import gc

    from reader.cli import _run_command

    assert gc.get_freeze_count() == 0
    assert main(["align", *map(str, seed_paths[:2])]) == 0  # called by a program (here, the tests)
    assert gc.get_freeze_count() == 0  # the caller's objects are left to its collector
    assert gc.isenabled()
    try:
        assert _run_command(["align", *map(str, seed_paths[:2])], own_process=True) == 0  # `reader align`
        assert gc.get_freeze_count() > 0
        assert not gc.isenabled()  # nor does the collector run while the provenance and the report are made
    finally:
        gc.unfreeze()
        gc.enable()
    assert "Copied text: the share of each row" in capsys.readouterr().out


def test_the_alignment_is_the_same_whatever_the_order_of_pythons_sets(seed_paths) -> None:
    # Weights summed over a set of words in hash order differed in their last bits, and by paragraph the
    # sample story's groups and shares changed between runs (PYTHONHASHSEED 10 and 11 gave two results).
    outputs = set()
    for seed in ("10", "11", "13"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "reader", "align", "--json", "--granularity", "paragraph"]
        done = subprocess.run(
            [*command, *map(str, seed_paths)], capture_output=True, env=environment, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def _annotated_snapshot(library_path: Path, url: str, seed: Path) -> None:
    """Fetch ``url``, keep its snapshot and annotate a sentence of it, as the window does."""
    from reader.comparison import Comparison, snapshot_first
    from reader.store import Library, NewTarget

    library = Library.open(library_path)
    comparison, refused = Comparison.load([url, seed], fetcher=snapshot_first(library))
    assert comparison is not None and not refused
    comparison.attach(library)
    start = comparison.sources[0].text.index("standard practice")
    library.add_annotation(
        [NewTarget(comparison.source_ids[0], start, start + len("standard practice"))],
        ["disputed"],
        "as read",
    )
    library.close()


def _csv_rows(path: Path) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_export_reads_a_page_from_its_snapshot_with_the_server_gone(tmp_path: Path, seed_paths) -> None:
    from tests.web import serving

    library = tmp_path / "library.sqlite3"
    with serving() as web:
        url = web.url("/story.html")
        _annotated_snapshot(library, url, seed_paths[0])
    out = tmp_path / "out.csv"
    result = run("export", "--db", str(library), url, str(seed_paths[0]), "-o", str(out))
    assert result.returncode == 0, result.stderr
    (row,) = _csv_rows(out)
    assert (row["tags"], row["note"], row["status"]) == ("disputed", "as read", "anchored")
    assert row["quote"] == "standard practice"


def test_export_keeps_to_the_snapshot_the_user_annotated_when_the_page_changed(
    web, tmp_path: Path, seed_paths
) -> None:
    from tests.web import STORY, Route

    library = tmp_path / "library.sqlite3"
    url = web.url("/story.html")
    _annotated_snapshot(library, url, seed_paths[0])
    web.pages["/story.html"] = Route(STORY.replace("standard practice", "common habit").encode())
    out = tmp_path / "out.json"
    result = run("export", "--db", str(library), url, str(seed_paths[0]), "-o", str(out))
    assert result.returncode == 0, result.stderr
    (annotation,) = json.loads(out.read_text(encoding="utf-8"))["first"]["items"]
    (target,) = [t for t in annotation["target"] if t["source"] == url]
    assert "reader:placement" not in target  # anchored where the user put it: neither moved nor orphaned
    selectors = {s["type"]: s for s in target["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == "standard practice"
    assert web.requests.count("/story.html") == 1  # the first fetch only: the export asked nothing


def test_an_export_without_a_source_says_its_annotations_are_not_in_the_file(
    tmp_path: Path, seed_paths
) -> None:
    from tests.core.test_fetch import free_port

    url = f"http://127.0.0.1:{free_port()}/never.html"  # never fetched, so no snapshot, and no server
    out = tmp_path / "out.csv"
    library = str(tmp_path / "library.sqlite3")  # none yet: the export has the comparison alone
    result = run("export", "--db", library, url, str(seed_paths[0]), str(seed_paths[1]), "-o", str(out))
    assert result.returncode == 1 and out.exists()
    assert result.stderr.splitlines() == [
        f"reader: {url}: the server refused the connection",
        f"reader: {out}: written without {url}; any annotations on it are not in this export",
    ]


def test_align_with_a_cache_folder_reuses_it_and_says_the_same(tmp_path: Path, seed_paths) -> None:
    files = list(map(str, seed_paths))
    plain = run("align", "--json", *files)
    folder = tmp_path / "cache"
    first = run("align", "--json", "--cache", str(folder), *files)
    assert (folder / "alignment.sqlite3").is_file()
    second = run("align", "--json", "--cache", str(folder), *files)
    assert plain.returncode == first.returncode == second.returncode == 0
    assert plain.stdout == first.stdout == second.stdout
    assert first.stderr == second.stderr == ""
    (folder / "alignment.sqlite3").write_bytes(b"garbage" * 100)  # damaged: one line, and the same output
    damaged = run("align", "--json", "--cache", str(folder), *files)
    assert damaged.returncode == 0 and damaged.stdout == plain.stdout
    assert damaged.stderr.count("\n") == 1 and str(folder / "alignment.sqlite3") in damaged.stderr
    blocked = tmp_path / "a file"  # a file where the folder should be: nothing kept, nothing wrong
    blocked.write_text("not a folder")
    kept_out = run("align", "--json", "--cache", str(blocked), *files)
    assert kept_out.returncode == 0 and kept_out.stdout == plain.stdout
    assert kept_out.stderr.count("\n") == 1 and str(blocked) in kept_out.stderr
