#!/usr/bin/env python3
"""Generate a synthetic incident-tracker corpus for benchmarks.

    gen-corpus.py --incidents N --seed S --out DIR [--hugo-out DIR] [--shape standard|wide]
                  [--hugo-plain-out DIR]

Shapes. `standard` (the default): N/2 sources, each incident cites 1-4 of them (every
source cited), 1-4 timeline events, bodies of about 4 KB. `wide`: a pool of 2N sources,
each incident cites 2 of them (shared, Zipf-like popularity, so some are never cited),
1-20 timeline events, bodies of 4-30 KB.

Hugo layouts. --hugo-out gets the `equivalent` layout, which does the tracker's work page
for page; --hugo-plain-out gets the same content with a `plain` layout that renders only
the incident pages, the lists and the taxonomies (source files are read but no source
page, timeline, feed or data export is made), so Hugo does less work than the tracker.

DIR gets a tracker site (content/site.yml, content/incidents/, content/sources/,
content/pages/). --hugo-out gets an equivalent Hugo site with the same content
and layouts that do the same work per page as the tracker (see HUGO NOTES below).

Everything is derived from random.Random(seed): the same arguments give
byte-identical files. All publishers and URLs are fictional (the reserved
`.example` TLD); countries and platforms are real names, the events are not.

HUGO NOTES. The Hugo copy keeps every tracker front-matter key and the same
Markdown body, and adds only what Hugo needs to do the tracker's work:
  date       full start date (Hugo sorts by it; `start` may be YYYY or YYYY-MM)
  countries  [country] for the `country` taxonomy (tracker: /countries/<code>/)
  sources    the incident's source ids (the tracker finds them by parsing
             [@id] citations and timelines; Hugo cannot parse bodies cheaply)
  aliases    rewritten as /incidents/<alias>/ paths (Hugo makes the redirect
             pages, as the tracker does)
  url        /about/ for free pages (tracker: /<page-slug>/)
and renames one key Hugo reserves:
  source_url a source's `url` (Hugo's `url` sets the page's own URL)
Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import sys
from bisect import bisect_left
from itertools import accumulate
from random import Random

# ---------------------------------------------------------------------------
# Vocabulary. Lists, not sets or dicts iterated for output, so order is fixed.

# (ISO 3166-1 alpha-2, name, weight, regions)
COUNTRIES = [
    ("PK", "Pakistan", 9, ["Balochistan", "Khyber Pakhtunkhwa", "Sindh", "Punjab", "Islamabad Capital Territory"]),
    ("IN", "India", 12, ["Jammu and Kashmir", "Manipur", "Rajasthan", "Haryana", "West Bengal", "Assam"]),
    ("BD", "Bangladesh", 5, ["Dhaka Division", "Chittagong Hill Tracts", "Sylhet Division"]),
    ("MM", "Myanmar", 6, ["Rakhine State", "Chin State", "Sagaing Region", "Kachin State"]),
    ("ET", "Ethiopia", 6, ["Tigray", "Amhara", "Oromia"]),
    ("IR", "Iran", 8, ["Tehran Province", "Sistan and Baluchestan", "Kurdistan Province", "Khuzestan"]),
    ("IQ", "Iraq", 6, ["Baghdad", "Kurdistan Region", "Basra", "Dhi Qar"]),
    ("SY", "Syria", 3, ["Damascus", "Aleppo", "Latakia"]),
    ("TR", "Türkiye", 4, ["Istanbul", "Hatay", "Diyarbakır"]),
    ("RU", "Russia", 5, ["Moscow", "Dagestan", "Ingushetia", "Bashkortostan"]),
    ("BY", "Belarus", 3, ["Minsk", "Grodno Region"]),
    ("KZ", "Kazakhstan", 3, ["Almaty", "Mangystau Region"]),
    ("UZ", "Uzbekistan", 2, ["Karakalpakstan"]),
    ("TJ", "Tajikistan", 2, ["Gorno-Badakhshan"]),
    ("AZ", "Azerbaijan", 2, ["Baku"]),
    ("CN", "China", 3, ["Xinjiang", "Tibet", "Henan"]),
    ("VN", "Vietnam", 2, []),
    ("LK", "Sri Lanka", 2, ["Western Province", "Central Province"]),
    ("AF", "Afghanistan", 3, ["Kabul", "Panjshir", "Kandahar"]),
    ("SD", "Sudan", 5, ["Khartoum", "Darfur", "Kordofan"]),
    ("EG", "Egypt", 3, ["Cairo", "North Sinai"]),
    ("LY", "Libya", 2, ["Tripoli", "Benghazi"]),
    ("DZ", "Algeria", 4, ["Algiers", "Kabylie"]),
    ("SN", "Senegal", 3, ["Dakar", "Ziguinchor"]),
    ("GN", "Guinea", 2, ["Conakry"]),
    ("ML", "Mali", 2, []),
    ("BF", "Burkina Faso", 2, []),
    ("TD", "Chad", 2, ["N'Djamena"]),
    ("CM", "Cameroon", 3, ["Northwest Region", "Southwest Region"]),
    ("NG", "Nigeria", 3, ["Zamfara", "Lagos", "Borno"]),
    ("CD", "DR Congo", 3, ["Kinshasa", "North Kivu"]),
    ("UG", "Uganda", 2, ["Kampala"]),
    ("TZ", "Tanzania", 2, ["Zanzibar"]),
    ("KE", "Kenya", 2, ["Nairobi", "Mandera"]),
    ("ZW", "Zimbabwe", 2, ["Harare", "Bulawayo"]),
    ("SO", "Somalia", 2, []),
    ("CI", "Côte d'Ivoire", 1, ["Abidjan"]),
    ("CU", "Cuba", 2, ["Havana"]),
    ("VE", "Venezuela", 3, ["Caracas", "Zulia"]),
    ("JO", "Jordan", 2, ["Amman"]),
]

TYPES = ["full-shutdown", "mobile-shutdown", "throttling", "service-block"]
TYPE_WEIGHTS = [20, 25, 20, 35]
TYPE_SHORT = {"full-shutdown": "shutdown", "mobile-shutdown": "mobile",
              "throttling": "throttling", "service-block": "block"}
TYPE_PHRASE = {"full-shutdown": "a complete internet shutdown",
               "mobile-shutdown": "a shutdown of mobile data",
               "throttling": "severe throttling",
               "service-block": "a block"}

APPS = ["X", "Facebook", "WhatsApp", "YouTube", "Telegram", "TikTok", "Instagram",
        "Signal", "Messenger", "Viber", "Skype", "Wikipedia", "VPN services"]
MOBILE = "Mobile internet"
ALL = "All internet"

STATUSES = ["ongoing", "resolved", "unknown"]
STATUS_WEIGHTS = [15, 75, 10]
VERIFICATIONS = ["confirmed", "reported", "disputed"]
VERIFICATION_WEIGHTS = [65, 28, 7]

ORDERED_BY = ["Ministry of Interior", "Telecommunications regulator", "Ministry of Information",
              "National Security Council", "Provincial government", "Military authorities",
              "Unknown", "Office of the President", "Ministry of Education", "High Court",
              "State telecom operator", "Police authorities", "District administration",
              "Electoral commission"]
JUSTIFICATIONS = ["National security", "Public order", "Preventing cheating in exams",
                  "Countering misinformation", "Election security", "None given",
                  "Preventing unrest", "Counter-terrorism", "Protecting public morals",
                  "Enforcing a court order", "Maintenance (disputed)"]
TAGS = ["elections", "protests", "exams", "conflict", "religious-holiday", "coup",
        "curfew", "security-operation", "court-order", "referendum", "unrest",
        "journalists", "border", "strike", "anniversary"]

EVENTS = ["the general election", "anti-government protests", "national exams",
          "a religious procession", "military operations", "the referendum",
          "a coup attempt", "a court ruling", "opposition rallies",
          "clashes at the border", "the presidential inauguration", "fuel price protests",
          "the arrest of an opposition leader", "local elections", "a general strike",
          "communal violence", "the anniversary of the uprising", "a security operation"]

# (name, slug used in ids, kind). Fictional; domains are <slug>.example.
PUBLISHERS = [
    ("The Daily Ledger", "dailyledger", "news"), ("Morning Courier", "morningcourier", "news"),
    ("Capital Herald", "capitalherald", "news"), ("The Frontier Post-Dispatch", "frontierpd", "news"),
    ("Evening Standard-Bearer", "eveningsb", "news"), ("The Coastal Times", "coastaltimes", "news"),
    ("Meridian Daily", "meridiandaily", "news"), ("The Observer Review", "observerreview", "news"),
    ("Highland Gazette", "highlandgazette", "news"), ("Delta Tribune", "deltatribune", "news"),
    ("The Continental", "thecontinental", "news"), ("Plateau Monitor", "plateaumonitor", "news"),
    ("Sunrise News Network", "sunrisenews", "news"), ("The Weekly Chronicle", "weeklychronicle", "news"),
    ("Northern Star Online", "northernstar", "news"), ("Riverbank Journal", "riverbankjournal", "news"),
    ("Lantern Media", "lanternmedia", "news"), ("The Civic Record", "civicrecord", "news"),
    ("Gulf & Horn Report", "gulfhorn", "news"), ("Steppe Dispatch", "steppedispatch", "news"),
    ("Sahel Today", "saheltoday", "news"), ("Andes Correspondent", "andescorrespondent", "news"),
    ("Business Bulletin", "businessbulletin", "news"), ("Tech & Society Weekly", "techsociety", "news"),
    ("Global Wire Service", "globalwire", "wire"), ("Continental Press Agency", "contipress", "wire"),
    ("United News Agency", "unitednews", "wire"), ("Associated Correspondents", "assoccorr", "wire"),
    ("Pan-Regional Newswire", "panregional", "wire"), ("Hemisphere Press", "hemispherepress", "wire"),
    ("Open Networks Watch", "opennetworkswatch", "ngo"), ("Digital Rights Collective", "drcollective", "ngo"),
    ("Free Expression Forum", "freeexpression", "ngo"), ("Keep Us Connected Coalition", "keepconnected", "ngo"),
    ("Committee for Press Safety", "presssafety", "ngo"), ("Access & Liberty", "accessliberty", "ngo"),
    ("Media Freedom Lab", "mediafreedomlab", "ngo"), ("Citizens' Internet Council", "citizensnet", "ngo"),
    ("Network Accountability Project", "netaccountability", "ngo"), ("Rights Online Trust", "rightsonline", "ngo"),
    ("The Connectivity Institute", "connectivityinst", "ngo"), ("Human Rights Desk", "hrdesk", "ngo"),
    ("Internet Observatory Project", "inetobservatory", "measurement"), ("Packet Census", "packetcensus", "measurement"),
    ("RouteScope", "routescope", "measurement"), ("Open Probe Network", "openprobe", "measurement"),
    ("Traffic Atlas", "trafficatlas", "measurement"), ("Outage Radar", "outageradar", "measurement"),
    ("Office of the Telecom Regulator", "telecomregulator", "government"),
    ("Ministry of Interior Press Office", "interiorpress", "government"),
    ("Government Gazette", "govgazette", "government"), ("National Cyber Authority", "cyberauthority", "government"),
    ("Presidential Communications Unit", "presidentialcomms", "government"),
    ("Parliamentary Record", "parlrecord", "government"),
    ("High Court Registry", "highcourt", "court"), ("Constitutional Court", "constcourt", "court"),
    ("Regional Court of Human Rights", "regionalcourt", "court"),
    ("Posts on X", "xposts", "social"), ("Telegram channel posts", "tgposts", "social"),
    ("Facebook public posts", "fbposts", "social"),
]
ORIGINS = ["Internet Observatory Project", "Global Wire Service", "Continental Press Agency",
           "Open Networks Watch", "RouteScope", "United News Agency", "Packet Census",
           "Digital Rights Collective"]
LANGUAGES = ["en"] * 17 + ["fr", "es", "ar"]

DATE_MIN = dt.date(2016, 1, 1)
START_MAX = dt.date(2025, 6, 30)
DATE_MAX = dt.date(2025, 12, 31)

# ---------------------------------------------------------------------------
# Helpers

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ._/()-]*$")
_YAML_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def q(s: str) -> str:
    """A YAML scalar: plain when unambiguous, otherwise double-quoted (JSON is valid YAML)."""
    if _PLAIN.match(s) and s.lower() not in _YAML_RESERVED and not s.endswith(" ") and ": " not in s:
        return s
    return json.dumps(s, ensure_ascii=False)


def flow(items) -> str:
    return "[" + ", ".join(q(x) for x in items) + "]"


def slugify(s: str) -> str:
    s = s.lower().replace("&", "and")
    s = re.sub(r"[^a-z0-9]+", "-", s)
    return s.strip("-")


def rand_date(rng: Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def fmt_partial(d: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def partial_bounds(d: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """First and last calendar day a partial date can mean."""
    if precision == "year":
        return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)
    if precision == "month":
        first = dt.date(d.year, d.month, 1)
        nxt = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    return d, d


def human_date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


class WeightedPicker:
    def __init__(self, rng: Random, items, weights):
        self.rng, self.items = rng, list(items)
        self.cum = list(accumulate(weights))

    def pick(self):
        x = self.rng.random() * self.cum[-1]
        return self.items[bisect_left(self.cum, x)]


# ---------------------------------------------------------------------------
# Model

class Source:
    __slots__ = ("id", "title", "publisher", "slug", "kind", "url", "published", "origin",
                 "language", "country", "platform", "body")


class Incident:
    __slots__ = ("id", "title", "country", "cname", "regions", "platforms", "type", "status",
                 "verification", "start", "start_lo", "start_hi", "end", "end_hi",
                 "ordered_by", "justification", "tags", "aliases", "updated", "timeline",
                 "sources", "event", "body")


def make_sources(rng: Random, count: int) -> list[Source]:
    sources, used_ids = [], set()
    for i in range(count):
        s = Source()
        name, slug, kind = PUBLISHERS[rng.randrange(len(PUBLISHERS))]
        s.publisher, s.slug, s.kind = name, slug, kind
        s.published = rand_date(rng, DATE_MIN, DATE_MAX)
        cc, cname, _, _ = COUNTRIES[rng.randrange(len(COUNTRIES))]
        s.country = cname
        s.platform = rng.choice(APPS)
        event = rng.choice(EVENTS)
        s.title = rng.choice([
            f"{s.platform} restricted in {cname} as {event} continue",
            f"Internet disruption reported in {cname} during {event}",
            f"Network data shows nationwide outage in {cname}",
            f"Users in {cname} report {s.platform} inaccessible",
            f"Statement on connectivity restrictions in {cname}",
            f"Authorities in {cname} confirm limits on {s.platform}",
            f"Mobile data suspended across parts of {cname}",
            f"Rights groups urge {cname} to restore access to {s.platform}",
            f"Court hears challenge to {cname} shutdown order",
            f"{cname}: measurements point to throttling of {s.platform}",
        ])
        base = f"{slug}-{s.published.isoformat()}"
        sid, n = base, 2
        while sid in used_ids:
            sid, n = f"{base}-{n}", n + 1
        used_ids.add(sid)
        s.id = sid
        no_url = rng.random() < (0.25 if kind in ("court", "government") else 0.02)
        s.url = None if no_url else (
            f"https://{slug}.example/{s.published.year}/{s.published.month:02d}/"
            f"{slugify(s.title)}-{i + 1}")
        s.origin = rng.choice([o for o in ORIGINS if o != name]) if rng.random() < 0.2 else None
        s.language = rng.choice(LANGUAGES)
        s.body = source_body(rng, s)
        sources.append(s)
    return sources


def source_body(rng: Random, s: Source) -> str:
    what = {"news": "This article", "wire": "This wire report", "ngo": "This statement",
            "measurement": "This measurement report", "government": "This official notice",
            "court": "This filing", "social": "This post"}[s.kind]
    p1 = (f"{what} from {s.publisher} describes restrictions affecting {s.platform} in "
          f"{s.country}, published on {human_date(s.published)}.")
    if s.origin:
        p1 += f" It carries reporting by {s.origin}."
    p1 += rng.choice([" Incidents cite it for the timing of the disruption.",
                      " It is cited mainly for the official justification.",
                      " Later reports contradict some of its figures.",
                      ""])
    parts = [p1]
    if rng.random() < 0.5:
        parts.append(rng.choice([
            f"It quotes users who could reach {s.platform} only through a VPN, and operators who declined to comment.",
            f"The report gives hourly traffic figures for the two largest networks in {s.country}.",
            "The notice does not say when the measure will be lifted.",
            "An archived copy was made on the day of publication.",
        ]))
    if rng.random() < 0.35:
        parts.append("> " + rng.choice([
            "Access will be restored once the situation normalises.",
            "We have received instructions from the regulator and are complying with them.",
            "Shutting down the internet does not make anyone safer.",
            f"Connectivity to {s.platform} dropped to a fraction of its usual level within minutes.",
            "The measure is temporary and proportionate.",
        ]))
    return "\n\n".join(parts) + "\n"


def assign_citations(rng: Random, n_inc: int, sources: list[Source], shape: str) -> list[list[int]]:
    """Standard: each incident cites 1-4 sources; every source is cited at least once; a few are
    popular. Wide: each incident cites 2 sources drawn by popularity from the whole pool."""
    cited: list[list[int]] = [[] for _ in range(n_inc)]
    if shape == "wide":
        want = [min(2, len(sources))] * n_inc
    else:
        want = rng.choices([1, 2, 3, 4], weights=[25, 35, 25, 15], k=n_inc)
        order = list(range(len(sources)))
        rng.shuffle(order)
        for j in order:  # first pass: give every source a citing incident
            for _ in range(20):
                i = rng.randrange(n_inc)
                if len(cited[i]) < want[i]:
                    cited[i].append(j)
                    break
    # Zipf-like popularity with a flattened head: at N=10,000 the most cited source has ~150 citers.
    ranks = list(range(len(sources)))
    rng.shuffle(ranks)
    picker = WeightedPicker(rng, ranks, [1.0 / (r + 11) ** 0.8 for r in range(len(sources))])
    for i in range(n_inc):
        while len(cited[i]) < want[i]:
            j = picker.pick()
            if j not in cited[i]:
                cited[i].append(j)
    return cited


def make_incidents(rng: Random, n: int, sources: list[Source], shape: str = "standard") -> list[Incident]:
    width = max(5, len(str(n)))
    country_picker = WeightedPicker(rng, COUNTRIES, [c[2] for c in COUNTRIES])
    citations = assign_citations(rng, n, sources, shape)
    alias_count = 0
    incidents = []
    for i in range(n):
        inc = Incident()
        cc, cname, _, regions = country_picker.pick()
        inc.country, inc.cname = cc, cname
        inc.type = rng.choices(TYPES, weights=TYPE_WEIGHTS)[0]
        if regions and rng.random() < 0.4:
            inc.regions = rng.sample(regions, min(len(regions), rng.choice([1, 1, 2])))
        else:
            inc.regions = []
        if inc.type == "full-shutdown":
            inc.platforms = [ALL] + (rng.sample(APPS, 1) if rng.random() < 0.15 else [])
        elif inc.type == "mobile-shutdown":
            inc.platforms = [MOBILE] + (rng.sample(APPS, rng.randint(1, 2)) if rng.random() < 0.2 else [])
        elif inc.type == "throttling":
            inc.platforms = rng.sample(APPS, rng.randint(1, 2)) if rng.random() < 0.7 else [MOBILE]
        else:
            inc.platforms = rng.sample(APPS, rng.choices([1, 2, 3], weights=[60, 30, 10])[0])

        # start: mostly a day, some a month, a few a year; never a year in 2025 so end fits.
        precision = rng.choices(["day", "month", "year"], weights=[85, 12, 3])[0]
        hi = dt.date(2024, 12, 31) if precision == "year" else START_MAX
        d = rand_date(rng, DATE_MIN, hi)
        inc.start = fmt_partial(d, precision)
        inc.start_lo, inc.start_hi = partial_bounds(d, precision)

        inc.status = rng.choices(STATUSES, weights=STATUS_WEIGHTS)[0]
        inc.end, inc.end_hi = None, None
        if inc.status == "resolved":
            e = inc.start_hi + dt.timedelta(days=rng.choice([0, 1, 2, 3, 5, 7, 14, 30, 60, 120, 180]))
            e = min(e, DATE_MAX)
            eprec = rng.choices(["day", "month", "year"], weights=[88, 10, 2])[0]
            lo, hi_ = partial_bounds(e, eprec)
            if lo < inc.start_hi:  # a coarser end could read as before start: keep the day
                eprec, lo, hi_ = "day", e, e
            inc.end, inc.end_hi = fmt_partial(e, eprec), hi_

        last = inc.end_hi if inc.end_hi else min(inc.start_hi + dt.timedelta(days=90), DATE_MAX)
        inc.updated = rand_date(rng, max(last, inc.start_hi), min(last + dt.timedelta(days=120), DATE_MAX))
        inc.verification = rng.choices(VERIFICATIONS, weights=VERIFICATION_WEIGHTS)[0]
        inc.ordered_by = rng.choice(ORDERED_BY)
        inc.justification = rng.choice(JUSTIFICATIONS)
        inc.tags = sorted(rng.sample(TAGS, rng.choices([0, 1, 2, 3], weights=[20, 40, 28, 12])[0]))
        if rng.random() < 0.04:
            alias_count += 1
            inc.aliases = [f"legacy-{cc.lower()}-{alias_count:0{width}d}"]
        else:
            inc.aliases = []
        inc.id = f"{cc.lower()}-{inc.start_lo.year}-{TYPE_SHORT[inc.type]}-{i + 1:0{width}d}"
        inc.sources = [sources[j] for j in citations[i]]
        inc.event = rng.choice(EVENTS)
        inc.title = incident_title(rng, inc)
        inc.timeline = make_timeline(rng, inc, 20 if shape == "wide" else 4)
        inc.body = incident_body(rng, inc, (4000, 30000) if shape == "wide" else (3600, 4200))
        incidents.append(inc)
    return incidents


def place(rng: Random, inc: Incident) -> str:
    return inc.regions[0] if inc.regions and rng.random() < 0.6 else inc.cname


def incident_title(rng: Random, inc: Incident) -> str:
    apps = [p for p in inc.platforms if p not in (ALL, MOBILE)]
    where = f"{inc.regions[0]}, {inc.cname}" if inc.regions else inc.cname
    if inc.type == "full-shutdown":
        opts = [f"Internet shut down in {where} during {inc.event}",
                f"Nationwide blackout in {inc.cname} after {inc.event}"]
    elif inc.type == "mobile-shutdown":
        opts = [f"Mobile data suspended in {where} ahead of {inc.event}",
                f"Mobile internet cut in {where} amid {inc.event}"]
    elif inc.type == "throttling":
        what = " and ".join(apps) if apps else "Mobile internet"
        opts = [f"{what} throttled in {where} during {inc.event}",
                f"Slowdown of {what} reported in {inc.cname} after {inc.event}"]
    else:
        what = ", ".join(apps[:-1]) + " and " + apps[-1] if len(apps) > 1 else apps[0]
        opts = [f"{what} blocked in {where} following {inc.event}",
                f"{inc.cname} restricts access to {what} amid {inc.event}"]
    return rng.choice(opts)


def make_timeline(rng: Random, inc: Incident, most: int = 4) -> list[tuple[str, str, list[str]]]:
    hi = inc.end_hi or inc.updated
    days = sorted(rng.sample(range((hi - inc.start_lo).days + 1),
                             min(rng.randint(1, most), (hi - inc.start_lo).days + 1)))
    ids = [s.id for s in inc.sources]
    texts = [
        f"Measurements show traffic in {inc.cname} falling sharply on the main networks.",
        f"Users report that {inc.platforms[0]} is unreachable without a VPN.",
        f"The {inc.ordered_by.lower()} confirms the restriction, citing {inc.justification.lower()}.",
        f"Rights groups call on the authorities in {inc.cname} to restore access.",
        "Operators send customers a text message about a service interruption.",
        "Connectivity partially returns in the capital; other areas remain affected.",
        "A petition challenging the restriction is filed in court.",
        "Measurements show connectivity back to normal levels.",
        f"Journalists in {inc.cname} say they cannot file reports.",
    ]
    events = []
    for k, off in enumerate(days):
        d = inc.start_lo + dt.timedelta(days=off)
        text = texts[-2] if (k == len(days) - 1 and inc.status == "resolved" and k > 0) else rng.choice(texts[:-2] + texts[-1:])
        events.append((d.isoformat(), text, sorted(rng.sample(ids, min(len(ids), rng.randint(1, 2))))))
    return events


SENTENCES = [
    "Measurements from independent observatories showed traffic from {place} falling to about {pct}% of ordinary levels within {hours} hours{cite}.",
    "Residents of {place} told reporters that *both* mobile data and fixed-line connections were unreliable for most of the day{cite}.",
    "The order was attributed to the {ordered_by}, which cited {justification}{cite}.",
    "Probes on several networks recorded TLS connections to `{domain}` being reset shortly after the handshake{cite}.",
    "Operators did not comment publicly, although customers received a short message blaming *technical reasons*{cite}.",
    "Rights groups described the measure as disproportionate and called for it to be lifted without delay{cite}.",
    "Local journalists said they had to travel to neighbouring districts to file their reports{cite}.",
    "Routing data showed that `AS{asn}` withdrew a large share of its announced prefixes{cite}.",
    "The disruption began around {clock} local time, according to several accounts{cite}.",
    "Small businesses that rely on {platform} for payments and orders reported heavy losses{cite}.",
    "Officials later said the step was *temporary* and would be reviewed within days{cite}.",
    "VPN downloads in {country} rose sharply in the days that followed{cite}.",
    "Reports from {place} could not be independently verified at the time{cite}.",
    "The pattern matches earlier restrictions in {country}, which also coincided with {event}{cite}.",
    "A DNS lookup for `{domain}` returned the address of a government block page on two networks{cite}.",
    "Hospitals and schools in {place} were also affected, according to staff interviewed later{cite}.",
    "The authorities did not publish the legal basis for the order{cite}.",
    "Access through {platform} was restored gradually, network by network{cite}.",
    "Several foreign embassies expressed concern about the restrictions{cite}.",
    "An earlier statement from the regulator had promised that services would stay available during {event}{cite}.",
    "Figures shared by the largest operator suggested a drop of {pct}% in daily data use{cite}.",
    "Observers noted that the outage in {place} lasted at least {hours} hours{cite}.",
]
HEADINGS = ["Background", "What happened", "Measurements", "Official response", "Impact",
            "Verification", "Aftermath", "Legal challenges"]
DOMAINS = {"X": "x.com", "Facebook": "facebook.com", "WhatsApp": "whatsapp.net",
           "YouTube": "youtube.com", "Telegram": "telegram.org", "TikTok": "tiktok.com",
           "Instagram": "instagram.com", "Signal": "signal.org", "Messenger": "messenger.com",
           "Viber": "viber.com", "Skype": "skype.com", "Wikipedia": "wikipedia.org",
           "VPN services": "vpn.example", MOBILE: "example.net", ALL: "example.net"}


def incident_body(rng: Random, inc: Incident, size: tuple[int, int] = (3600, 4200)) -> str:
    ids = [s.id for s in inc.sources]
    to_cite = ids[:]  # every source is cited at least once in the body
    rng.shuffle(to_cite)
    platform = inc.platforms[0]
    vals = {"country": inc.cname, "ordered_by": inc.ordered_by.lower(),
            "justification": inc.justification.lower(), "event": inc.event,
            "platform": platform if platform not in (ALL, MOBILE) else "messaging apps",
            "domain": DOMAINS[platform]}

    def cite() -> str:
        if to_cite:
            return f" [@{to_cite.pop()}]"
        return f" [@{rng.choice(ids)}]" if rng.random() < 0.3 else ""

    deck: list[str] = []

    def sentence() -> str:
        if not deck:  # draw without replacement so a body rarely repeats itself
            deck.extend(SENTENCES)
            rng.shuffle(deck)
        tpl = deck.pop()
        return tpl.format(place=place(rng, inc), pct=rng.randint(3, 60), hours=rng.randint(2, 72),
                          asn=rng.randint(1000, 65000), clock=f"{rng.randint(0, 23):02d}:{rng.choice(['00', '15', '30', '45'])}",
                          cite=cite(), **vals)

    n_paras = rng.randint(4, 8)
    target = rng.randint(*size)  # body bytes; standard: front matter brings the file to ~5 KB
    n_paras *= max(1, target // 4000)  # long bodies keep paragraphs of the usual length
    per_para = target // n_paras - 60
    paras = []
    when = {10: "On " + human_date(inc.start_lo), 7: "In " + inc.start_lo.strftime("%B %Y"),
            4: "In " + inc.start}[len(inc.start)]
    first = (f"{when}, {TYPE_PHRASE[inc.type]} affecting {', '.join(inc.platforms)} was reported in "
             f"{inc.cname}{' (' + ', '.join(inc.regions) + ')' if inc.regions else ''}, "
             f"around {inc.event}{cite()}.")
    for k in range(n_paras):
        text = first if k == 0 else ""
        while len(text.encode()) < per_para:
            text = (text + " " + sentence()).strip()
        paras.append(text)
    # Two external links, dropped into paragraphs.
    rid = rng.randint(1000, 99999)
    links = [f"See [the measurement report](https://inetobservatory.example/reports/{inc.id}) for the traffic graphs.",
             f"A [joint statement](https://keepconnected.example/statements/{rid}) asked for access to be restored."]
    paras[1] += " " + links[0]
    paras[-1] += " " + links[1]
    while to_cite:  # sources left over when a body is short
        paras[-1] += f" Further details were reported later [@{to_cite.pop()}]."

    bullets = [f"- Affected services: {', '.join(inc.platforms)}",
               f"- Ordered by: {inc.ordered_by}",
               f"- Stated reason: *{inc.justification}*",
               f"- Networks: `AS{rng.randint(1000, 65000)}`, `AS{rng.randint(1000, 65000)}`",
               f"- Verification: {inc.verification} [@{rng.choice(ids)}]"]
    bullets = bullets[: rng.randint(3, 5)]
    heads = rng.sample(HEADINGS, rng.randint(1, 2))
    rest = paras[2:]
    mid = len(rest) // 2
    out = [paras[0], paras[1], f"## {heads[0]}", "\n".join(bullets)] + rest[:mid]
    if len(heads) > 1:
        out.append(f"## {heads[1]}")
    out += rest[mid:]
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# Output

def incident_front_matter(inc: Incident, hugo: bool) -> str:
    lines = ["---", f"title: {q(inc.title)}"]
    if hugo:
        lines.append(f"date: {inc.start_lo.isoformat()}")
    lines += [f"country: {q(inc.country)}"]
    if hugo:
        lines.append(f"countries: [{q(inc.country)}]")
    lines += [f"regions: {flow(inc.regions)}",
              f"platforms: {flow(inc.platforms)}",
              f"type: {inc.type}",
              f"status: {inc.status}",
              f"verification: {inc.verification}",
              f"start: {inc.start}"]
    if inc.end:
        lines.append(f"end: {inc.end}")
    lines += [f"ordered_by: {q(inc.ordered_by)}",
              f"justification: {q(inc.justification)}",
              f"tags: {flow(inc.tags)}"]
    if hugo:
        lines.append("aliases: [" + ", ".join(f"/incidents/{a}/" for a in inc.aliases) + "]")
        lines.append(f"sources: {flow(s.id for s in inc.sources)}")
    else:
        lines.append(f"aliases: {flow(inc.aliases)}")
    lines += ["draft: false", f"updated: {inc.updated.isoformat()}", "timeline:"]
    for date, text, srcs in inc.timeline:
        lines += [f"  - date: {date}", f"    text: {q(text)}", f"    sources: {flow(srcs)}"]
    lines.append("---")
    return "\n".join(lines) + "\n"


def source_front_matter(s: Source, hugo: bool) -> str:
    lines = ["---", f"title: {q(s.title)}", f"publisher: {q(s.publisher)}"]
    if s.url:
        lines.append(f"{'source_url' if hugo else 'url'}: {s.url}")
    lines += [f"published: {s.published.isoformat()}", f"kind: {s.kind}"]
    if s.origin:
        lines.append(f"origin: {q(s.origin)}")
    lines += [f"language: {s.language}", "---"]
    return "\n".join(lines) + "\n"


SITE = {"title": "Synthetic Shutdown Tracker",
        "description": "A synthetic benchmark corpus of internet shutdowns, platform blocks and throttling.",
        "author": "Benchmark Corpus Generator"}

ABOUT_BODY = """This tracker is a **synthetic** data set made for benchmarks. Countries and platforms are
real names; every incident, source, publisher and link in it is invented.

## How incidents are recorded

Each incident has a type, a status and a verification level, and cites at least one
source. Dates keep their precision: a year, a month or a day.

- *confirmed*: backed by measurements and an official statement
- *reported*: backed by credible reports
- *disputed*: sources disagree

The data is available as [JSON and CSV](https://example.org/data/incidents.json).
"""


def write_tracker(out: str, incidents, sources) -> None:
    c = os.path.join(out, "content")
    for sub in ("incidents", "sources", "pages"):
        os.makedirs(os.path.join(c, sub), exist_ok=True)
    write(os.path.join(c, "site.yml"),
          f"title: {q(SITE['title'])}\ndescription: {q(SITE['description'])}\n"
          f"base_url: https://example.org/\nlanguage: en\nauthor: {q(SITE['author'])}\n"
          "options:\n  raw_html: false\n  feed_items: 20\n")
    write(os.path.join(c, "pages", "about.md"),
          "---\ntitle: About this tracker\n"
          "description: What this synthetic tracker is and how incidents are recorded.\n"
          "menu_order: 1\n---\n" + ABOUT_BODY)
    for inc in incidents:
        write(os.path.join(c, "incidents", inc.id + ".md"), incident_front_matter(inc, False) + inc.body)
    for s in sources:
        write(os.path.join(c, "sources", s.id + ".md"), source_front_matter(s, False) + s.body)


def write_hugo(out: str, incidents, sources, plain: bool = False) -> None:
    c = os.path.join(out, "content")
    sections = {"incidents": "title: Incidents\n", "sources": "title: Sources\n",
                "timeline": "title: Timeline\n",
                # The tracker has no /pages/ listing: the section only holds free pages.
                "pages": "title: Pages\n_build:\n  render: never\n",
                "data": "title: Data\noutputs: [IncidentsJSON, IncidentsCSV, SourcesJSON]\n"}
    if plain:  # sources are read, never rendered nor listed; no timeline or data section
        sections = {"incidents": sections["incidents"], "pages": sections["pages"],
                    "sources": "title: Sources\n_build:\n  render: never\n  list: never\n"
                               "cascade:\n  _build:\n    render: never\n    list: never\n"}
    for sub in sections:
        os.makedirs(os.path.join(c, sub), exist_ok=True)
    write(os.path.join(out, "config.toml"), HUGO_PLAIN_CONFIG if plain else HUGO_CONFIG)
    for sub, fm in sections.items():
        write(os.path.join(c, sub, "_index.md"), "---\n" + fm + "---\n")
    write(os.path.join(c, "pages", "about.md"),
          "---\ntitle: About this tracker\n"
          "description: What this synthetic tracker is and how incidents are recorded.\n"
          "menu_order: 1\nurl: /about/\n---\n" + ABOUT_BODY)
    for inc in incidents:
        write(os.path.join(c, "incidents", inc.id + ".md"), incident_front_matter(inc, True) + inc.body)
    for s in sources:
        write(os.path.join(c, "sources", s.id + ".md"), source_front_matter(s, True) + s.body)
    for rel, text in (HUGO_PLAIN_LAYOUTS if plain else HUGO_LAYOUTS).items():
        path = os.path.join(out, "layouts", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write(path, text)


HUGO_CONFIG = f"""baseURL = "https://example.org/"
title = {json.dumps(SITE['title'])}
languageCode = "en"
defaultContentLanguage = "en"
enableRobotsTXT = true
# The tracker has one Atom feed (/feed.xml) and no RSS per section or term.
disableKinds = ["RSS"]

[params]
description = {json.dumps(SITE['description'])}
author = {json.dumps(SITE['author'])}
feedItems = 20
scoredRelated = false

[taxonomies]
country = "countries"
platform = "platforms"

[frontmatter]
date = ["date", "published", ":default"]
lastmod = ["updated", "lastmod", ":default"]

[markup.goldmark.renderer]
unsafe = false

[related]
includeNewer = true
threshold = 80
toLower = false
[[related.indices]]
name = "countries"
weight = 100
[[related.indices]]
name = "platforms"
weight = 60

[mediaTypes."application/atom+xml"]
suffixes = ["xml"]
[mediaTypes."text/csv"]
suffixes = ["csv"]

[outputFormats.Atom]
mediaType = "application/atom+xml"
baseName = "feed"
rel = "alternate"
[outputFormats.IncidentsJSON]
mediaType = "application/json"
baseName = "incidents"
isPlainText = true
notAlternative = true
[outputFormats.IncidentsCSV]
mediaType = "text/csv"
baseName = "incidents"
isPlainText = true
notAlternative = true
[outputFormats.SourcesJSON]
mediaType = "application/json"
baseName = "sources"
isPlainText = true
notAlternative = true

[outputs]
home = ["HTML", "Atom"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
page = ["HTML"]
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Params.description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="alternate" type="application/atom+xml" href="{{ "feed.xml" | relURL }}" title="{{ site.Title }}">
</head>
<body>
<header><a href="{{ "" | relURL }}">{{ site.Title }}</a>
{{ partialCached "nav.html" . "nav" }}
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>{{ site.Params.author }} · <a href="{{ "data/incidents.json" | relURL }}">data</a></footer>
</body>
</html>
""",
    "partials/nav.html": """<nav><ul>
<li><a href="{{ "incidents/" | relURL }}">Incidents</a></li>
<li><a href="{{ "timeline/" | relURL }}">Timeline</a></li>
<li><a href="{{ "sources/" | relURL }}">Sources</a></li>
<li><a href="{{ "countries/" | relURL }}">Countries</a></li>
<li><a href="{{ "platforms/" | relURL }}">Platforms</a></li>
{{ with site.GetPage "/pages" }}{{ range .Pages.ByParam "menu_order" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}{{ end }}</ul></nav>
""",
    # One pass over all incidents, cached: source id -> citing incidents and timeline events.
    "partials/citations.html": """{{ $inc := newScratch }}
{{ $ev := newScratch }}
{{ range where site.RegularPages "Section" "incidents" }}
  {{ $p := . }}
  {{ range .Params.sources }}{{ $inc.Add . (slice $p) }}{{ end }}
  {{ range .Params.timeline }}
    {{ $e := . }}
    {{ range .sources }}{{ $ev.Add . (slice (dict "page" $p "date" $e.date "text" $e.text)) }}{{ end }}
  {{ end }}
{{ end }}
{{ return (dict "incidents" $inc.Values "events" $ev.Values) }}
""",
    "partials/incident-row.html": """<tr><td>{{ .Params.start }}{{ with .Params.end }} – {{ . }}{{ end }}</td><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td><a href="{{ printf "countries/%s/" (lower .Params.country) | relURL }}">{{ .Params.country }}</a></td><td>{{ delimit .Params.platforms ", " }}</td><td>{{ .Params.type }}</td><td>{{ .Params.status }}</td></tr>
""",
    "index.html": """{{ define "main" }}
{{ $incidents := where site.RegularPages "Section" "incidents" }}
<h1>{{ site.Title }}</h1>
<p>{{ site.Params.description }}</p>
<ul class="counts">
<li>{{ len $incidents }} incidents</li>
<li>{{ len (where $incidents "Params.status" "ongoing") }} ongoing</li>
<li>{{ len site.Taxonomies.countries }} countries</li>
<li>{{ len site.Taxonomies.platforms }} platforms</li>
<li>{{ len (where site.RegularPages "Section" "sources") }} sources</li>
</ul>
<h2>Latest incidents</h2>
<table><thead><tr><th>Date</th><th>Incident</th><th>Country</th><th>Platforms</th><th>Type</th><th>Status</th></tr></thead><tbody>
{{ range first 20 $incidents.ByDate.Reverse }}{{ partial "incident-row.html" . }}{{ end }}
</tbody></table>
{{ end }}
""",
    "_default/single.html": """{{ define "main" }}
{{ $p := . }}
<article class="incident">
<h1>{{ .Title }}</h1>
<dl class="facts">
<dt>Country</dt><dd><a href="{{ printf "countries/%s/" (lower .Params.country) | relURL }}">{{ .Params.country }}</a></dd>
{{ with .Params.regions }}<dt>Regions</dt><dd>{{ delimit . ", " }}</dd>{{ end }}
<dt>Platforms</dt><dd>{{ range $i, $x := .Params.platforms }}{{ if $i }}, {{ end }}<a href="{{ printf "platforms/%s/" (urlize $x) | relURL }}">{{ $x }}</a>{{ end }}</dd>
<dt>Type</dt><dd>{{ .Params.type }}</dd>
<dt>Status</dt><dd>{{ .Params.status }}</dd>
<dt>Verification</dt><dd>{{ .Params.verification }}</dd>
<dt>Start</dt><dd>{{ .Params.start }}</dd>
{{ with .Params.end }}<dt>End</dt><dd>{{ . }}</dd>{{ end }}
<dt>Ordered by</dt><dd>{{ .Params.ordered_by }}</dd>
<dt>Justification</dt><dd>{{ .Params.justification }}</dd>
{{ with .Params.tags }}<dt>Tags</dt><dd>{{ delimit . ", " }}</dd>{{ end }}
{{ with .Params.aliases }}<dt>Also known as</dt><dd>{{ delimit . ", " }}</dd>{{ end }}
<dt>Updated</dt><dd>{{ .Lastmod.Format "2006-01-02" }}</dd>
</dl>
<div class="body">{{ .Content }}</div>
<h2>Timeline</h2>
<ol class="timeline">
{{ range .Params.timeline }}<li><time>{{ .date }}</time> {{ .text }}{{ range .sources }} <a href="{{ printf "sources/%s/" . | relURL }}">[{{ . }}]</a>{{ end }}</li>
{{ end }}</ol>
<h2>Sources</h2>
<ol class="sources">
{{ range .Params.sources }}{{ with site.GetPage (printf "/sources/%s" .) }}<li id="{{ .File.ContentBaseName }}"><a href="{{ .RelPermalink }}">{{ .Title }}</a>, {{ .Params.publisher }}, {{ .Date.Format "2006-01-02" }}{{ with .Params.source_url }} (<a href="{{ . }}">original</a>){{ end }}</li>
{{ end }}{{ end }}</ol>
{{/* Related: up to 5 other incidents in the same country, newest first. Hugo's scored
     .Related over countries+platforms is available with params.scoredRelated, but it costs
     ~2 ms per page at N=10,000 (O(N^2) overall), so only use it if the tracker scores too. */}}
{{ $related := slice }}
{{ if site.Params.scoredRelated }}{{ $related = first 5 (site.RegularPages.Related .) }}
{{ else }}{{ $n := 0 }}{{ range first 6 (index site.Taxonomies.countries (lower .Params.country)).Pages }}{{ if and (ne . $p) (lt $n 5) }}{{ $related = $related | append . }}{{ $n = add $n 1 }}{{ end }}{{ end }}{{ end }}
{{ with $related }}<h2>Related incidents</h2>
<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ .Params.country }}, {{ .Params.start }})</li>{{ end }}</ul>{{ end }}
</article>
{{ end }}
""",
    "sources/single.html": """{{ define "main" }}
{{ $id := .File.ContentBaseName }}
{{ $cit := partialCached "citations.html" . "citations" }}
<article class="source">
<h1>{{ .Title }}</h1>
<dl>
<dt>Publisher</dt><dd>{{ .Params.publisher }}</dd>
{{ with .Params.source_url }}<dt>URL</dt><dd><a href="{{ . }}">{{ . }}</a></dd>{{ end }}
<dt>Published</dt><dd>{{ .Date.Format "2006-01-02" }}</dd>
<dt>Kind</dt><dd>{{ .Params.kind }}</dd>
{{ with .Params.origin }}<dt>Origin</dt><dd>{{ . }}</dd>{{ end }}
<dt>Language</dt><dd>{{ .Params.language }}</dd>
{{ with .Params.archive }}<dt>Archive</dt><dd><a href="{{ . }}">archived copy</a></dd>{{ end }}
</dl>
<div class="body">{{ .Content }}</div>
<h2>Cited by</h2>
<ul>{{ range index $cit.incidents $id }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ .Params.country }}, {{ .Params.start }})</li>
{{ end }}</ul>
{{ with index $cit.events $id }}<h2>Timeline events</h2>
<ul>{{ range . }}<li><time>{{ .date }}</time> {{ .text }} (<a href="{{ .page.RelPermalink }}">{{ .page.Title }}</a>)</li>
{{ end }}</ul>{{ end }}
</article>
{{ end }}
""",
    "pages/single.html": """{{ define "main" }}
<article class="page"><h1>{{ .Title }}</h1>
{{ .Content }}
</article>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<table><thead><tr><th>Date</th><th>Incident</th><th>Country</th><th>Platforms</th><th>Type</th><th>Status</th></tr></thead><tbody>
{{ range .Pages.ByDate.Reverse }}{{ partial "incident-row.html" . }}{{ end }}
</tbody></table>
{{ end }}
""",
    "sources/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ range .Pages.GroupByParam "publisher" }}<h2>{{ .Key }}</h2>
<ul>{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ .Date.Format "2006-01-02" }}, {{ .Params.kind }})</li>
{{ end }}</ul>
{{ end }}
{{ end }}
""",
    "timeline/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $events := slice }}
{{ range where site.RegularPages "Section" "incidents" }}{{ $p := . }}{{ range .Params.timeline }}{{ $events = $events | append (dict "date" (printf "%v" .date) "text" .text "sources" .sources "page" $p) }}{{ end }}{{ end }}
{{ $month := "" }}{{ $year := "" }}
{{ range sort $events "date" "desc" }}
{{ $y := substr .date 0 4 }}{{ $m := substr .date 0 7 }}
{{ if ne $y $year }}{{ if $year }}</ul>{{ end }}<h2>{{ $y }}</h2>{{ $year = $y }}{{ $month = "" }}{{ end }}
{{ if ne $m $month }}{{ if $month }}</ul>{{ end }}<h3>{{ $m }}</h3><ul>{{ $month = $m }}{{ end }}
<li><time>{{ .date }}</time> <a href="{{ .page.RelPermalink }}">{{ .page.Title }}</a>: {{ .text }}{{ range .sources }} <a href="{{ printf "sources/%s/" . | relURL }}">[{{ . }}]</a>{{ end }}</li>
{{ end }}{{ if $month }}</ul>{{ end }}
{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
""",
    "_default/taxonomy.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<table><thead><tr><th>Date</th><th>Incident</th><th>Country</th><th>Platforms</th><th>Type</th><th>Status</th></tr></thead><tbody>
{{ range .Pages.ByDate.Reverse }}{{ partial "incident-row.html" . }}{{ end }}
</tbody></table>
{{ end }}
""",
    "404.html": """{{ define "main" }}<h1>Page not found</h1><p><a href="{{ "" | relURL }}">Home</a></p>{{ end }}
""",
    "index.atom.xml": """{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<feed xmlns="http://www.w3.org/2005/Atom">
<title>{{ site.Title }}</title>
<link href="{{ .Permalink }}"/>
<link rel="self" href="{{ "feed.xml" | absURL }}"/>
<id>{{ .Permalink }}</id>
{{ $items := first site.Params.feedItems (where site.RegularPages "Section" "incidents").ByLastmod.Reverse }}
{{ with index $items 0 }}<updated>{{ .Lastmod.Format "2006-01-02T15:04:05Z07:00" }}</updated>{{ end }}
<author><name>{{ site.Params.author }}</name></author>
{{ range $items }}<entry>
<title>{{ .Title }}</title>
<link href="{{ .Permalink }}"/>
<id>{{ .Permalink }}</id>
<updated>{{ .Lastmod.Format "2006-01-02T15:04:05Z07:00" }}</updated>
<summary>{{ .Params.country }} · {{ .Params.type }} · {{ .Params.status }} · {{ .Params.start }}</summary>
<content type="html">{{ .Content | html }}</content>
</entry>
{{ end }}</feed>
""",
    "data/list.incidentsjson.json": """[{{ range $i, $p := (where site.RegularPages "Section" "incidents").ByDate.Reverse }}{{ if $i }},{{ end }}
{{ dict "id" $p.File.ContentBaseName "title" $p.Title "url" $p.Permalink "country" $p.Params.country "regions" $p.Params.regions "platforms" $p.Params.platforms "type" $p.Params.type "status" $p.Params.status "verification" $p.Params.verification "start" (printf "%v" $p.Params.start) "end" (printf "%v" ($p.Params.end | default "")) "ordered_by" $p.Params.ordered_by "justification" $p.Params.justification "tags" $p.Params.tags "updated" ($p.Lastmod.Format "2006-01-02") "sources" $p.Params.sources "timeline" $p.Params.timeline | jsonify }}{{ end }}
]
""",
    "data/list.incidentscsv.csv": """id,title,country,platforms,type,status,verification,start,end,ordered_by,justification,updated,sources
{{ range (where site.RegularPages "Section" "incidents").ByDate.Reverse }}{{ $q := slice .File.ContentBaseName .Title .Params.country (delimit .Params.platforms ";") .Params.type .Params.status .Params.verification (printf "%v" .Params.start) (printf "%v" (.Params.end | default "")) .Params.ordered_by .Params.justification (.Lastmod.Format "2006-01-02") (delimit .Params.sources ";") }}{{ range $i, $f := $q }}{{ if $i }},{{ end }}"{{ replace $f "\\"" "\\"\\"" }}"{{ end }}
{{ end }}""",
    "data/list.sourcesjson.json": """[{{ range $i, $p := (where site.RegularPages "Section" "sources").ByTitle }}{{ if $i }},{{ end }}
{{ dict "id" $p.File.ContentBaseName "title" $p.Title "publisher" $p.Params.publisher "url" ($p.Params.source_url | default "") "published" ($p.Date.Format "2006-01-02") "kind" $p.Params.kind "origin" ($p.Params.origin | default "") "language" $p.Params.language | jsonify }}{{ end }}
]
""",
}

# The plain layout: incident pages (facts, body, timeline, cited source ids), the incident list,
# the home page and the taxonomies. No source pages, timeline, feed, data exports or related list.
HUGO_PLAIN_CONFIG = HUGO_CONFIG.replace('home = ["HTML", "Atom"]', 'home = ["HTML"]')
HUGO_PLAIN_LAYOUTS = {
    rel: HUGO_LAYOUTS[rel] for rel in ("_default/baseof.html", "partials/incident-row.html", "index.html",
                                       "pages/single.html", "_default/list.html", "_default/terms.html",
                                       "_default/taxonomy.html", "404.html")
}
HUGO_PLAIN_LAYOUTS["partials/nav.html"] = HUGO_LAYOUTS["partials/nav.html"].replace(
    '<li><a href="{{ "timeline/" | relURL }}">Timeline</a></li>\n', "").replace(
    '<li><a href="{{ "sources/" | relURL }}">Sources</a></li>\n', "")
HUGO_PLAIN_LAYOUTS["index.html"] = HUGO_LAYOUTS["index.html"].replace(
    '<li>{{ len (where site.RegularPages "Section" "sources") }} sources</li>\n', "")
HUGO_PLAIN_LAYOUTS["_default/single.html"] = HUGO_LAYOUTS["_default/single.html"].split("<h2>Sources</h2>")[0] + \
    """<h2>Sources</h2>
<ol class="sources">
{{ range .Params.sources }}<li id="{{ . }}">{{ . }}</li>
{{ end }}</ol>
</article>
{{ end }}
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--incidents", type=int, required=True, help="number of incidents (N)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", required=True, help="tracker site folder to create")
    ap.add_argument("--hugo-out", help="also write an equivalent Hugo site here")
    ap.add_argument("--hugo-plain-out", help="also write the same content with a plain Hugo layout here")
    ap.add_argument("--shape", choices=["standard", "wide"], default="standard",
                    help="corpus shape (default standard; see above)")
    ap.add_argument("--force", action="store_true", help="replace output folders that exist")
    args = ap.parse_args(argv)
    if args.incidents < 1:
        ap.error("--incidents must be at least 1")
    for d in filter(None, [args.out, args.hugo_out, args.hugo_plain_out]):
        if os.path.exists(d) and os.listdir(d):
            if not args.force:
                ap.error(f"{d} exists and is not empty (use --force to replace it)")
            shutil.rmtree(d)

    rng = Random(args.seed)
    pool = 2 * args.incidents if args.shape == "wide" else max(1, args.incidents // 2)
    sources = make_sources(rng, pool)
    incidents = make_incidents(rng, args.incidents, sources, args.shape)
    write_tracker(args.out, incidents, sources)
    if args.hugo_out:
        write_hugo(args.hugo_out, incidents, sources)
    if args.hugo_plain_out:
        write_hugo(args.hugo_plain_out, incidents, sources, plain=True)
    print(f"{len(incidents)} incidents, {len(sources)} sources -> {args.out}"
          + "".join(f" and {d}" for d in (args.hugo_out, args.hugo_plain_out) if d), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
