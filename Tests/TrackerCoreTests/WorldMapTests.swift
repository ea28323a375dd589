import Testing
@testable import TrackerCore

@Suite struct WorldMapUnitTestSuite {
    static let english = try! Theme.builtIn().get().localization("en")
    func labels(_ maximum: Int) -> [String] { MapScale(maximum: maximum).steps(Self.english).compactMap { $0["label"].map { "\($0.anyValue)" } } }

    @Test func upToFiveEveryCountIsItsOwnStep() {
        #expect(labels(1) == ["1"])
        #expect(labels(2) == ["1", "2"])
        #expect(labels(5) == ["1", "2", "3", "4", "5"])
        #expect(MapScale(maximum: 5).step(of: 0) == 0)
        #expect(MapScale(maximum: 5).step(of: 4) == 4)
        // Fewer steps take the darkest shades.
        #expect([0, 1, 2].map(MapScale(maximum: 2).step(of:)) == [0, 4, 5])
        #expect(MapScale(maximum: 2).steps(Self.english).map { $0["step"] } == [.int(4), .int(5)])
    }

    @Test func aboveFiveTheStepsStartAtRoundNumbers() {
        #expect(labels(7) == ["1", "2", "3–4", "5–7"])
        #expect(labels(12) == ["1", "2", "3–4", "5–9", "10–12"])
        #expect(labels(1000) == ["1–4", "5–29", "30–199", "200–999", "1000"])
        let scale = MapScale(maximum: 1000)
        #expect([1, 4, 5, 29, 30, 999, 1000].map(scale.step(of:)) == [1, 1, 2, 2, 3, 4, 5])
    }

    /// Codes are ISO 3166-1 alpha-2 the site accepts; where Natural Earth has -99 the ADM0_A3 mapping filled them in.
    @Test func theOutlinesAreKeyedByKnownCountryCodes() {
        let codes = WorldGeometry.countries.map(\.code)
        #expect(codes == codes.sorted())
        // Kosovo's XK is user-assigned, not in ISO 3166-1 (nor the site's list): drawn, never shaded.
        #expect(codes.filter { CountryCodes.names[$0] == nil } == ["XK"])
        for code in ["FR", "NO", "XK", "PK", "CY", "SO", "TW", "PS", "EH"] { #expect(WorldGeometry.index[code] != nil, "\(code)") }
        #expect(WorldGeometry.index["AQ"] == nil)
        #expect(WorldGeometry.countries.allSatisfy { $0.path.hasPrefix("M") && $0.path.hasSuffix("z") })
    }
}
