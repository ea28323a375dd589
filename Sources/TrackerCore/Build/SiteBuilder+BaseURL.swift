/// `--base-url` applied to loaded content, as `SiteBuilder.load` does, for builds that load content their own way.
extension SiteBuilder {
    static func applyBaseURL(_ baseURL: String?, to content: inout LoadedContent) {
        guard let baseURL else { return }
        guard WebAddress.isHTTP(baseURL) else {
            content.diagnostics.append(Diagnostic(path: "--base-url", line: 1, column: 1, message: "must be an http:// or https:// address, not '\(baseURL)'"))
            return
        }
        let config = content.config
        content.config = SiteConfig(title: config.title, description: config.description, baseURL: baseURL,
                                    language: config.language, author: config.author, allowRawHTML: config.allowRawHTML,
                                    feedItems: config.feedItems, taxonomies: config.taxonomies)
    }
}
