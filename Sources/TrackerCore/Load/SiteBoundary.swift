import Foundation

/// Where the files a build reads may be: inside the site's folder, or inside the git work tree holding it (a
/// site in a folder of a repository may link to the repository's other files). A symbolic link leading out
/// of it is an error where the build meets it, rather than a file read: a contributed change holding
/// `static/key -> ~/.ssh/id_rsa` would publish the key, and `content/x.md -> /proc/self/environ` would print
/// the build machine's environment in the error log of a pull request's check.
public struct SiteBoundary: Sendable, Hashable {
    /// The folder, with symbolic links resolved.
    public let root: String

    public init(siteDirectory: String) {
        let site = Self.resolved(siteDirectory) ?? URL(fileURLWithPath: siteDirectory).standardizedFileURL.path
        var folder = site
        var workTree: String?
        while true {
            if access(folder + "/.git", F_OK) == 0 {
                workTree = folder
                break
            }
            guard folder != "/", let slash = folder.lastIndex(of: "/") else { break }
            folder = slash == folder.startIndex ? "/" : String(folder[..<slash])
        }
        root = workTree ?? site
    }

    /// Where a link at `path` leads when that is outside the boundary; nil when it is inside, or leads nowhere
    /// (a link to nothing is reported where the file is read, as before).
    public func outsideTarget(of path: String) -> String? {
        guard let target = Self.resolved(path) else { return nil }
        if root == "/" || target == root || target.hasPrefix(root + "/") { return nil }
        return target
    }

    /// Whether `path` is a symbolic link leading out of the boundary (`lstat` first: a path that is no link costs
    /// no more).
    public func isLinkOut(_ path: String) -> Bool {
        FileTree.isLink(path) && outsideTarget(of: path) != nil
    }

    static func message(target: String) -> String {
        "a symbolic link to \(target), outside the site: a build reads only the site's own files (and its git "
            + "repository's), so that no change can publish or print a file of the machine building it; copy what it links to into the site"
    }

    static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

/// An entry a build does not follow or read, where it lists files: `static/`, a bundle's, `templates/`, `i18n/`.
/// Each is an error where the build meets it, never a file silently left out.
public enum EntryProblem: Sendable, Hashable {
    /// A symbolic link leading out of the site (`SiteBoundary`), to this path.
    case outside(String)
    /// A symbolic link leading to nothing, or round a loop of links: what it holds, and the error following it gave.
    case broken(target: String, error: Int32)
    /// Neither a file nor a folder: a pipe, a socket or a device (or a link to one).
    case notAFile

    var message: String {
        switch self {
        case .outside(let target): return SiteBoundary.message(target: target)
        case .broken(let target, let error):
            return "a symbolic link to \(target), which leads to no file (\(String(cString: strerror(error)))): "
                + "the build would leave it out; restore what it links to, or remove the link"
        case .notAFile:
            return "cannot read the file: it is not a regular file (a pipe, a socket or a device); remove it"
        }
    }

    /// What the build cache's key holds for it.
    var key: String {
        switch self {
        case .outside(let target): return target
        case .broken(let target, let error): return "broken \(error) \(target)"
        case .notAFile: return "not a file"
        }
    }
}
