/// The declared shape of every context `SiteRenderer` renders a template with: which names each
/// template (and each section inside it) can use. A theme is checked against it before anything is
/// rendered, so `{{titel}}` is an error at its line rather than an empty space on every page.
///
/// This is the one list of context names. `TemplateContextTests` renders the example site and a site
/// with every optional field, and fails when a context has a name not declared here, or when a name
/// declared here is in no context: adding a key to a context means adding it here too.
enum TemplateContexts {
    /// The shape of the context each template is rendered with directly (its "root"), by template name.
    /// Partials and parent templates are checked with the context of the templates that use them.
    /// The site's configuration is here for the names it adds (a site's own fields).
    static func roots(for config: SiteConfig, strings: [String] = []) -> [String: ContextShape] {
        // Every HTML page has the theme's strings as `i18n` (`SiteRenderer.page`).
        let i18n: ContextShape = .object(Dictionary(uniqueKeysWithValues: strings.map { ($0, ContextShape.text) }))
        return pageRoots(for: config).mapValues { $0.names?["page"] != nil ? $0.adding(["i18n": i18n]) : $0 }
    }

    private static func pageRoots(for config: SiteConfig) -> [String: ContextShape] {
        [
            "home": page.adding(["counts": ["incidents": .text, "ongoing": .text, "countries": .text, "platforms": .text, "sources": .text],
                                 "latest": .list(card), "has_more": .flag, "chart": chart, "map": map]),
            "incidents": page.adding(["incidents": .list(row), "count": .text, "count_label": .text, "caption": .text, "filters": filters,
                                      "pagination": incidentPagination]),
            "incident": page.adding(["incident": incident.adding(customFields(config.fields.incidents))]),
            "timeline": page.adding(["years": .list(["year": .text, "id": .text,
                                                     "months": .list(["label": .text, "id": .text, "events": .list(timelineEvent)])]),
                                     "year_index": .list(["year": .text, "url": .text]),
                                     "count": .text, "count_label": .text, "has_legal": .flag, "chart": chart, "pagination": pagination]),
            "cases": page.adding(["countries": .list(["name": .text, "code": .text, "id": .text,
                                                      "statuses": .list(["label": .text, "value": .text, "id": .text, "cases": .list(caseSummary)])]),
                                  "count_label": .text]),
            "case": page.adding(["case": legalCase]),
            "search": page.adding(["index_url": .text, "count": .text, "count_label": .text]),
            "sources": page.adding(["publishers": .list(["name": .text, "sources": .list(sourceSummary)]), "count": .text, "count_label": .text,
                                    "pagination": pagination]),
            "source": page.adding(["source": source.adding(customFields(config.fields.sources))]),
            "countries": page.adding(["terms": .list(countryTerm), "map": map]),
            "country": page.adding(["term": countryTerm.adding(["feed_url": .text, "feed_label": .text]), "incidents": .list(row), "caption": .text,
                                    "feed": termFeed, "pagination": termPagination]),
            "platforms": page.adding(["terms": .list(term)]),
            "platform": page.adding(["term": term.adding(["feed_url": .text, "feed_label": .text]), "incidents": .list(row), "caption": .text,
                                     "feed": termFeed, "pagination": termPagination]),
            "page": page.adding(["body_html": .text, "headings": .list(heading), "has_headings": .flag,
                                 "references": .list(reference), "has_references": .flag, "untranslated": untranslated]),
            "404": page.adding(["latest": .list(card)]),
            "alias": page.adding(["target_url": .text, "target_absolute_url": .text]),
            "data": page.adding(["exports": .list(["name": .text, "url": .text, "format": .text, "description": .text]),
                                 "count": .text, "source_count": .text]),
            "changes": page.adding(["available": .flag, "incomplete": .flag, "corrections": .list(changeEntry), "has_corrections": .flag,
                                    "recent": .list(changeEntry), "has_recent": .flag, "limit": .text, "limit_label": .text, "feed_url": .text]),
            "changes.xml": ["site": site, "title": .text, "feed_url": .text, "page_url": .text, "updated": .text,
                            "entries": .list(["title": .text, "url": .text, "id": .text, "updated": .text, "summary": .text])],
            "feed.xml": ["site": site, "title": .text, "feed_url": .text, "home_url": .text, "updated": .text,
                         "entries": .list(["title": .text, "url": .text, "id": .text, "published": .text, "updated": .text,
                                           "country": .text, "type": .text, "summary": .text, "content_html": .text])],
            "sitemap.xml": ["entries": .list(["loc": .text, "lastmod": .text, "alternates": .list(alternate)]), "multilingual": .flag],
            "partials/incident-row": incidentSummary,
            "partials/incident-card": incidentSummary,
        ]
    }

    // MARK: - Shared pieces (`SiteRenderer`'s contexts of the same names)

    static let site: ContextShape = [
        "title": .text, "language": .text, "author": .text, "root": .text, "base_url": .text, "feed_url": .text,
        "stylesheet": .text, "search_url": .text, "description": .text, "image_url": .text,
        "changes_url": .text, "assets_url": .text, "dir": .text, "language_name": .text,
    ]

    /// The same page in another language (`SiteRenderer.addLanguageLinks`, the sitemap).
    static let alternate: ContextShape = ["hreflang": .text, "href": .text]

    /// What a page of another language says of an item it shows untranslated (`SiteRenderer.untranslatedNote`).
    static let untranslated: ContextShape = ["lang": .text, "language": .text, "dir": .text, "original_url": .text, "label": .text,
                                             "note": .list(["text": .text, "is_language": .flag, "is_original": .flag, "is_link": .flag])]

    /// What every HTML page has (`SiteRenderer.page`).
    static let page: ContextShape = [
        "site": site,
        "nav": .list(["title": .text, "url": .text, "current": .text]),
        "page": ["title": .text, "description": .text, "url": .text, "canonical": .text, "is_home": .flag, "og_type": .text,
                 "json_ld": .text, "alternates": .list(alternate), "has_translations": .flag,
                 "translations": .list(["code": .text, "name": .text, "url": .text, "dir": .text, "current": .flag])],
    ]

    static let date: ContextShape = ["iso": .text, "display": .text]
    static let valueAndLabel: ContextShape = ["value": .text, "label": .text]
    static let heading: ContextShape = ["text": .text, "id": .text]

    static let incidentSummary: ContextShape = [
        "id": .text, "url": .text, "title": .text,
        "country": ["code": .text, "name": .text, "url": .text],
        "platforms": .list(["name": .text, "slug": .text, "url": .text]),
        "type": valueAndLabel, "status": valueAndLabel.adding(["ongoing": .flag]), "verification": valueAndLabel,
        "start": date, "end": date, "year": .text, "summary_text": .text, "summary_html": .text, "untranslated": untranslated,
    ]

    static let row = incidentSummary.adding(["row_html": .text])
    static let card = incidentSummary.adding(["card_html": .text])

    static let incident = incidentSummary.adding([
        "body_html": .text, "headings": .list(heading), "has_headings": .flag,
        "references": .list(reference),
        "timeline": .list(["date": date, "text": .text, "citations": .list(["number": .text, "id": .text, "title": .text]),
                           "origins": originSummary]),
        "origins": originSummary.adding(["groups": .list(["name": .text, "own": .flag,
                                                          "sources": .list(["number": .text, "publisher": .text, "first": .flag])])]),
        "cite": ["text": .text, "bibtex": .text, "csl_json": .text, "updated": date, "text_url": .text, "bibtex_url": .text,
                 "csl_json_url": .text],
        "has_timeline": .flag, "tags": .list(.text), "has_tags": .flag,
        "regions": .text, "ordered_by": .text, "justification": .text, "updated": date, "last_known": date,
        "duration": ["x": .text, "width": .text, "from": date, "to": date, "scale_start": date, "scale_end": date,
                     "open": .flag, "single_day": .flag, "label": .text, "length": .text],
        "related": .list(card), "has_related": .flag, "history": recordHistory,
        "cases": .list(caseSummary), "has_cases": .flag,
    ])

    /// A court case wherever it is listed (`SiteRenderer.caseSummary`).
    static let caseSummary: ContextShape = [
        "id": .text, "url": .text, "title": .text, "court": .text, "jurisdiction": .text, "status": valueAndLabel,
        "summary_text": .text, "country": ["code": .text, "name": .text, "url": .text], "subdivision": .text,
        "case_number": .text, "filed": date, "last_known": date,
    ]

    /// A case's own page (`SiteRenderer.caseContext`).
    static let legalCase = caseSummary.adding([
        "body_html": .text, "petitioners": .list(.text), "respondents": .list(.text), "has_parties": .flag,
        "has_petitioners": .flag, "has_respondents": .flag, "outcome": .text,
        "proceedings": .list(["date": date, "type": valueAndLabel, "text": .text, "document": .text,
                              "citations": .list(["number": .text, "id": .text, "title": .text])]),
        "has_proceedings": .flag, "references": .list(reference), "has_references": .flag,
        "incidents": .list(card), "has_incidents": .flag,
    ])

    static let sourceSummary: ContextShape = [
        "id": .text, "url": .text, "title": .text, "publisher": .text, "published": date, "kind": valueAndLabel,
        "cited_count": .text, "cited_once": .flag, "cited_label": .text,
        "external_url": .text, "origin": .text, "language": .text, "archive_url": .text, "accessed": date,
    ]

    /// An entry of a reference list (`SiteRenderer.referenceList`).
    static let reference = sourceSummary.adding(["number": .text])

    static let source = sourceSummary.adding([
        "notes_html": .text, "references": .list(reference), "has_references": .flag, "history": recordHistory,
        // Set when `tracker check --links` last found `external_url` dead (read from its cache, never fetched by a build).
        "original_dead": ["reason": .text, "checked": date],
        "cited_by": .list(["incident": incidentSummary, "in_body": .flag, "reference_url": .text, "has_events": .flag,
                           "events": .list(["date": date, "text": .text])]),
    ])

    /// One commit (`SiteRenderer.changeContext`).
    static let change: ContextShape = [
        "date": date, "subject": .text, "hash": .text, "commit": .text, "is_correction": .flag, "corrections": .list(.text),
    ]
    /// A change on `/changes/`, with the records it touched.
    static let changeEntry = change.adding(["records": .list(["title": .text, "url": .text]), "more_records": .text, "more_records_label": .text])

    /// An incident's or source's git history (`SiteRenderer.historyContext`).
    static let recordHistory: ContextShape = [
        "created": date, "last_changed": date, "count": .text, "count_label": .text, "one": .flag, "changes": .list(change),
        "corrections": .list(["date": date, "text": .text, "hash": .text]), "has_corrections": .flag, "incomplete": .flag,
    ]

    /// A platform (`SiteRenderer.termSummary`); a country also has its code.
    static let term: ContextShape = [
        "name": .text, "slug": .text, "url": .text, "count": .text, "one": .flag, "ongoing": .text, "counts_label": .text,
    ]
    static let countryTerm = term.adding(["code": .text])

    static let timelineEvent: ContextShape = [
        "date": date, "text": .text, "incident": ["title": .text, "url": .text], "legal": ["type": .text, "court": .text],
        "sources": .list(["title": .text, "publisher": .text, "url": .text]),
        "origins": originSummary,
    ]

    /// How many independent origins a set of sources has (`SiteRenderer.originSummary`).
    static let originSummary: ContextShape = ["summary": .text, "names": .text]

    /// An item's custom fields (`SiteRenderer.addCustomFields`): the set ones as a list, and each declared one by name.
    static func customFields(_ declared: [CustomField]) -> [String: ContextShape] {
        let entry: ContextShape = ["name": .text, "label": .text, "type": .text, "value": .text, "href": .text, "date": date,
                                   "items": .list(.text), "is_true": .flag]
        return ["fields": .list(entry), "custom": .object(Dictionary(declared.map { ($0.name, entry) }, uniquingKeysWith: { first, _ in first }))]
    }

    /// A list page's place among its pages (`SiteRenderer.paginationContext`), on lists longer than a page.
    /// The incident lists add where the table's script finds every row, and a term's list which rows are its own.
    static let pagination: ContextShape = [
        "number": .text, "count": .text, "label": .text, "caption_label": .text, "prev_url": .text, "next_url": .text,
        "pages": .list(["gap": .flag, "number": .text, "url": .text, "current": .flag]),
    ]
    static let incidentPagination = pagination.adding(["rows_url": .text])
    static let termPagination = incidentPagination.adding(["scope": .text])

    static let termFeed: ContextShape = ["title": .text, "url": .text]

    static let filters: ContextShape = {
        let option: ContextShape = ["value": .text, "label": .text, "count": .text]
        return ["countries": .list(option), "platforms": .list(option), "types": .list(option), "statuses": .list(option),
                "years": .list(option), "total": .text, "total_label": .text]
    }()

    static let chart: ContextShape = [
        "title": .text, "desc": .text, "range": .text, "width": .text, "height": .text,
        "plot": ["left": .text, "right": .text, "top": .text, "baseline": .text, "axis_title_y": .text, "label_x": .text],
        "grid": .list(["y": .text, "label": .text, "label_y": .text]),
        "bars": .list(["x": .text, "y": .text, "width": .text, "height": .text, "type": .text, "label": .text]),
        "x_labels": .list(["x": .text, "y": .text, "text": .text, "year": ["y": .text, "text": .text]]),
        "legend": .list(["type": .text, "label": .text, "count": .text]),
        "table": ["columns": .list(["label": .text]),
                  "rows": .list(["month": .text, "iso": .text, "cells": .list(["count": .text]), "total": .text]),
                  "totals": .list(["count": .text]), "total": .text],
        "year_only": .text, "has_year_only": .flag, "year_only_one": .flag, "year_only_label": .text,
    ]

    /// The world map (`SiteRenderer.mapContext`).
    static let map: ContextShape = [
        "title": .text, "desc": .text, "width": .text, "height": .text,
        "land": .list(["path": .text]),
        "countries": .list(["path": .text, "code": .text, "step": .text, "url": .text, "label": .text,
                            "marker": ["x": .text, "y": .text, "r": .text]]),
        "legend": .list(["step": .text, "label": .text]),
        "missing": .list(["name": .text, "code": .text, "url": .text, "count": .text, "more": .flag]), "has_missing": .flag,
        "table": ["rows": .list(["name": .text, "code": .text, "url": .text, "count": .text, "ongoing": .text, "step": .text]),
                  "total": .text, "ongoing": .text],
    ]
}
