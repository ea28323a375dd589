import Foundation

enum WebAddress {
    static func isHTTP(_ text: String) -> Bool {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    /// What makes an http(s) address unfit to be a site's `base_url`, which every page's address extends
    /// with its path: a query or a fragment (`https://example.org/?x=1` made `https://example.org/?x=1/about/`
    /// of every link), or a user name or password (which every page, feed and sitemap would publish).
    static func baseURLProblem(_ text: String) -> String? {
        guard let components = URLComponents(string: text) else { return nil }
        if components.user != nil || components.password != nil {
            return "must not hold a user name or password: every page, feed and sitemap would publish it; remove it"
        }
        if let query = components.percentEncodedQuery {
            return "must not have a query ('?\(query)'): each page's address is base_url followed by its path; remove it"
        }
        if let fragment = components.percentEncodedFragment {
            return "must not have a fragment ('#\(fragment)'): each page's address is base_url followed by its path; remove it"
        }
        return nil
    }
}
