import Foundation
import StartupTuning
import Testing

@Suite struct HugePagesTestSuite {
    static let madvise = "always [madvise] never\n"

    /// `tracker_huge_page_tunables`: the value to run again with, or nil.
    func tunables(_ command: String?, current: String?, kernel: String? = madvise, incidents: Int = 100_000, room: Int = 4096) -> String? {
        var out = [CChar](repeating: 0, count: room)
        let again = tracker_huge_page_tunables(command, current, kernel, incidents, &out, room)
        return again == 1 ? String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
    }

    /// The commands that load a whole site run again with the tunable added to what is set; the preview
    /// and the small commands do not.
    @Test func theCommandsThatLoadASiteAskForHugePages() {
        for command in ["build", "check", "publish"] {
            #expect(tunables(command, current: nil) == "glibc.malloc.hugetlb=1")
            #expect(tunables(command, current: "") == "glibc.malloc.hugetlb=1")
            #expect(tunables(command, current: "glibc.malloc.check=0") == "glibc.malloc.check=0:glibc.malloc.hugetlb=1")
        }
        for command in ["serve", "init", "new", "import", "theme", "--version", "--help", "Build", "builds", ""] {
            #expect(tunables(command, current: nil) == nil, "\(command)")
        }
        #expect(tunables(nil, current: nil) == nil)
    }

    /// A tunable already set is kept as it is, whatever its value: the same process is not run a third
    /// time, and `glibc.malloc.hugetlb=0` turns it off.
    @Test func aTunableAlreadySetIsLeftAlone() {
        for current in ["glibc.malloc.hugetlb=1", "glibc.malloc.hugetlb=0", "glibc.malloc.check=0:glibc.malloc.hugetlb=2"] {
            #expect(tunables("build", current: current) == nil, "\(current)")
        }
    }

    /// Only where the kernel gives huge pages to memory that asks for them.
    @Test func onlyWhereTheKernelGivesThemOnRequest() {
        for setting in ["[always] madvise never\n", "always madvise [never]\n", "", nil] as [String?] {
            #expect(tunables("build", current: nil, kernel: setting) == nil, "\(setting ?? "none")")
        }
    }

    /// Only for a large site: the second start costs more than a small one gains.
    @Test func onlyForASiteOfThirtyThousandIncidentsOrMore() {
        #expect(TRACKER_HUGE_PAGE_INCIDENTS == 30_000)
        #expect(tunables("build", current: nil, incidents: 29_999) == nil)
        #expect(tunables("build", current: nil, incidents: 0) == nil)
        #expect(tunables("build", current: nil, incidents: 30_000) == "glibc.malloc.hugetlb=1")
    }

    /// The site folder as tracker's parser reads it: the last `--site`, in either spelling, before `--`.
    @Test func theSiteFolderOfTheArguments() {
        func site(_ arguments: [String]) -> String {
            var pointers = (["tracker"] + arguments).map { strdup($0) }
            defer { pointers.forEach { free($0) } }
            return String(cString: tracker_site_argument(Int32(pointers.count), &pointers))
        }
        #expect(site(["build"]) == ".")
        #expect(site(["build", "--site", "a b"]) == "a b")
        #expect(site(["build", "--site=x/y", "--drafts"]) == "x/y")
        #expect(site(["build", "--site", "first", "--site=second"]) == "second")
        #expect(site(["build", "--site"]) == ".")
        #expect(site(["build", "--", "--site", "x"]) == ".")
        #expect(site(["check", "--sites", "x"]) == ".")
    }

    /// A folder's entries counted up to a limit; an unreadable one counts none.
    @Test func entriesCountedUpToALimit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("huge-pages-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["a.md", "b.md", ".hidden"] { FileManager.default.createFile(atPath: folder + "/" + name, contents: Data()) }
        #expect(tracker_count_entries(folder, 100) == 4)
        #expect(tracker_count_entries(folder, 2) == 2)
        #expect(tracker_count_entries(folder + "/missing", 100) == 0)
        #expect(tracker_count_entries(folder + "/a.md", 100) == 0)
    }

    /// A value that does not fit is not cut short: the command runs as it is (124 bytes: 123 and the NUL).
    @Test func aValueThatDoesNotFitIsNotUsed() {
        let long = String(repeating: "x", count: 100)
        #expect(tunables("build", current: long, room: 100) == nil)
        #expect(tunables("build", current: long, room: 123) == nil)
        #expect(tunables("build", current: long, room: 124) == long + ":glibc.malloc.hugetlb=1")
    }
}
