#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target (Fuzz/Corpus/<target>/) from the example content, the built-in
theme and a few hand-written cases. Run from the repository root; the output is committed, so `make fuzz`
starts from it and the tests replay it (FuzzCorpusTests)."""
import hashlib, pathlib, re

root = pathlib.Path(__file__).resolve().parent.parent
corpus = root / "Fuzz" / "Corpus"

def write(target, name, data):
    folder = corpus / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (folder / f"seed-{name}").write_bytes(data)

for path in sorted((root / "content").rglob("*.md")):
    text = path.read_text()
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    if not match:
        continue
    name = f"{path.parent.name}-{path.stem}"
    write("front-matter", name, match.group(1) + "\n")
    write("markdown", name, match.group(2))

for path in sorted((root / "templates").rglob("*.mustache")):
    write("template", path.relative_to(root / "templates").as_posix().replace("/", "-"), path.read_bytes())

# Hand-written cases: what the fast parser gives up on, the limits, citations in awkward places.
write("front-matter", "anchors", "a: &x [1, 2]\nb: *x\nc: {d: e}\n")
write("front-matter", "alias-bomb", "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c, *c]\n")
write("front-matter", "quoted", "title: \"Tab\\t and \\u00e9 \\x41\"\nsub: 'it''s'\nlist: [a, \"b, c\", 'd']\nempty: []\n")
write("front-matter", "timeline", "timeline:\n  - date: 2024-02-17\n    text: Blocked.\n    sources: [a, b]\n  - date: 2024-03\n    text: \"Still\"\n")
write("front-matter", "block-scalar", "body: |\n  one\n  two\nfolded: >-\n  three\n  four\n")
write("markdown", "citations", "Blocked [@a] and [@b; @c].\n\n- item [@a]\n\n`[@code]` > quote [@d]\n\n[link](x.html) [@e]: not a reference\n\n# Heading [@a]\n")
write("markdown", "raw-html", "<script>alert(1)</script>\n\n<div>[@a]</div>\n\nText <b>bold</b> [@b]\n")
write("template", "partials", b"{{#items}}{{>item}}{{/items}}\0<li>{{title}} {{{title}}} {{&title}}</li>\0{{$body}}default{{/body}}")
write("template", "parent", b"{{<layout}}{{$body}}{{#object}}{{title}}{{/object}}{{/body}}{{/layout}}\0\0<main>{{$body}}{{/body}}</main>")
write("template", "delimiters", b"{{=<% %>=}}<% title %><%={{ }}=%>{{^empty}}none{{/empty}}{{% CONTENT_TYPE: TEXT }}{{title}}")
write("html-scanner", "page", "<!DOCTYPE html><html><head><title>a <b></title><base href=\"/\"><meta http-equiv=refresh content=\"0; url=/x/\"></head>"
      "<body><a href=\"/tracker/a/#top\" id=top>x</a><img src='b.png'><!-- <a href=c> --><script>'<a href=d>'</script>"
      "<a name=n href=\"#n\"></a><![CDATA[<a href=e>]]></body></html>")
write("html-scanner", "feed", "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><link href=\"https://example.org/tracker/a/\"/></feed>")
