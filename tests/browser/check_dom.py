"""Assertions on one html report as a browser rendered it.

usage: check_dom.py REPORT.html DOM.html REPORT.json SHOT.png

REPORT.html is the file mlgate wrote, DOM.html what chromium --dump-dom
printed for it, REPORT.json the json report of the same run, SHOT.png the
screenshot.  What the page must show is derived from the json report: the
verdict, one row per gate, one chart per drift gate with one bar per bin
of its details (reference and current), per-group bars, confusion matrices
and latency distributions.  Exits 1 with one line per failed assertion.
Standard library only.
"""
import json
import re
import struct
import sys
from html.parser import HTMLParser

VERDICT = {"pass": ("Passed", "Passed with warnings"),
           "fail": ("Failed", "Failed: warnings fail this run", "Gates passed, promotion failed"),
           "error": ("Could not be evaluated",)}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text = [], []

    def classes(self):
        return self.attrs.get("class", "").split()

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def all_text(self):
        return "".join(self.text) + "".join(c.all_text() for c in self.children)


VOID = {"meta", "br", "wbr", "link", "img", "input", "hr"}


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.text.append(data)


def main():
    html_path, dom_path, json_path, png_path = sys.argv[1:5]
    raw = open(html_path, encoding="utf-8").read()
    dom = open(dom_path, encoding="utf-8").read()
    report = json.load(open(json_path, encoding="utf-8"))
    problems = []

    def expect(ok, what):
        if not ok:
            problems.append(what)

    tree = Tree()
    tree.feed(dom)
    nodes = list(tree.root.walk())
    by_class = lambda tag, cls: [n for n in nodes if n.tag == tag and cls in n.classes()]

    # self-contained: nothing runs, nothing is fetched
    expect("<script" not in raw.lower() and not any(n.tag == "script" for n in nodes),
           "the page has a <script>")
    expect(not re.search(r"https?://", raw), "the file names an http(s) URL")
    expect(not any(n.tag in ("img", "link", "iframe", "object", "embed") for n in nodes),
           "the page loads an external resource")

    # the verdict first, in words
    headers = by_class("header", "verdict")
    expect(len(headers) == 1, "%d verdict headers" % len(headers))
    if headers:
        word = [n for n in headers[0].walk() if "word" in n.classes()]
        shown = word[0].all_text().strip() if word else ""
        expect(shown in VERDICT[report["status"]],
               "verdict %r for status %r" % (shown, report["status"]))
        body = [n for n in nodes if n.tag == "body"][0]
        first = [c for c in body.children if c.tag not in ("#root",)][0]
        expect(first is headers[0], "the verdict is not the first thing on the page")

    # one row per gate
    gates = report["gates"]
    rows = [n for n in nodes if n.tag == "tr" and n.attrs.get("id", "").startswith("gate-")]
    expect(len(rows) == len(gates), "%d gate rows for %d gates" % (len(rows), len(gates)))

    # drift: one chart per gate, one bar per bin and side
    drift = [g for g in gates if g["kind"] == "drift" and isinstance(g.get("details"), dict)
             and "bins" in g["details"]]
    svgs = by_class("svg", "drift")
    expect(len(svgs) == len(drift), "%d drift charts for %d drift gates" % (len(svgs), len(drift)))
    for g in drift:
        bins = g["details"]["bins"]
        mine = [s for s in svgs if s.attrs.get("data-gate") == g["id"]]
        expect(len(mine) == 1, "%s: %d charts" % (g["id"], len(mine)))
        if not mine:
            continue
        for side, key in (("ref", "reference_counts"), ("cur", "current_counts")):
            bars = [r for r in mine[0].walk() if r.tag == "rect" and
                    set(r.classes()) == {"bar", side}]
            expect(len(bars) == len(bins[key]),
                   "%s: %d %s bars for %d bins" % (g["id"], len(bars), side, len(bins[key])))
            heights = [float(r.attrs["height"]) for r in bars]
            total = sum(bins[key])
            # the tallest bar belongs to the largest count of that side
            if total and heights:
                expect(heights.index(max(heights)) == bins[key].index(max(bins[key])),
                       "%s: the tallest %s bar is not the largest bin" % (g["id"], side))

    def distinct(pred):
        seen = []
        for g in gates:
            d = g.get("details")
            if isinstance(d, dict) and pred(g, d) and d not in seen:
                seen.append(d)
        return seen

    groups = distinct(lambda g, d: "groups" in d)
    gsvgs = by_class("svg", "groups")
    expect(len(gsvgs) == len(groups), "%d group charts for %d groupings" % (len(gsvgs), len(groups)))
    for s, d in zip(gsvgs, groups):
        bars = [r for r in s.walk() if r.tag == "rect" and "grp" in r.classes()]
        expect(len(bars) == len(d["groups"]),
               "%d group bars for %d groups" % (len(bars), len(d["groups"])))

    cms = distinct(lambda g, d: "confusion_matrix" in d)
    tables = by_class("table", "cm")
    expect(len(tables) == len(cms), "%d confusion matrices for %d" % (len(tables), len(cms)))
    for t, d in zip(tables, cms):
        cells = [int(c.all_text()) for c in t.walk() if c.tag == "td"]
        want = [v for row in d["confusion_matrix"]["matrix"] for v in row]
        expect(cells == want, "confusion matrix cells %s, details %s" % (cells, want))

    lat = distinct(lambda g, d: g["kind"] == "latency" and isinstance(d.get("p95"), (int, float)))
    lsvgs = by_class("svg", "latency")
    expect(len(lsvgs) == len(lat), "%d latency charts for %d probes" % (len(lsvgs), len(lat)))

    # the screenshot: a PNG of the window size, big enough not to be blank
    png = open(png_path, "rb").read()
    expect(png[:8] == b"\x89PNG\r\n\x1a\n", "the screenshot is not a PNG")
    if png[:8] == b"\x89PNG\r\n\x1a\n":
        w, h = struct.unpack(">II", png[16:24])
        expect((w, h) == (1200, 2000), "screenshot %dx%d" % (w, h))
    expect(len(png) > 20000, "screenshot of %d bytes looks blank" % len(png))

    for p in problems:
        print("check_dom: %s: %s" % (html_path, p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
