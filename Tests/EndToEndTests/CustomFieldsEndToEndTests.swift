import Foundation
import Testing

/// Tests/Fixtures/custom-fields declares an incident field of every type and two source fields; the
/// built binary shows them on the pages and writes them to the exports. (Its invalid twin, with every
/// kind of error, is Tests/Fixtures/invalid/custom-fields.)
@Suite struct CustomFieldsEndToEndTestSuite {
    static let fixture = TrackerBinary.packageRoot + "/Tests/Fixtures/custom-fields"

    func built() throws -> (TemporaryFolder, String) { try buildCopy(of: Self.fixture) }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func theFactsBoxShowsEveryTypeFormatted() throws {
        let (folder, output) = try built()
        let incident = try read(output + "/incidents/pk-shutdown/index.html")
        let facts = [
            #"      <div><dt>Ended</dt><dd><time datetime="2024-02-09">9 February 2024</time></dd></div>"#,
            "      ", "      ",
            ##"      <div><dt>Sources</dt><dd><a href="#references-heading">1 source from 1 origin</a></dd></div>"##,
            "      ", "      ",
            #"      <div><dt>Affected users</dt><dd>128,000,000</dd></div>"#,
            #"      <div><dt>ISP</dt><dd>Jazz</dd></div>"#,
            #"      <div><dt>Share of traffic lost (%)</dt><dd>87.5</dd></div>"#,
            #"      <div><dt>Acknowledged</dt><dd>Yes</dd></div>"#,
            #"      <div><dt>Order dated</dt><dd><time datetime="2024-02-07">7 February 2024</time></dd></div>"#,
            #"      <div><dt>Order</dt><dd><a class="external" href="https://example.org/orders/2024-02-07.pdf?lang=en&amp;copy=1">https://example.org/orders/2024-02-07.pdf?lang=en&amp;copy=1</a></dd></div>"#,
            #"      <div><dt>Networks affected</dt><dd>PTCL, Zong &lt;4G&gt;</dd></div>"#,
            #"      <div><dt>Court</dt><dd>=Islamabad High Court</dd></div>"#,
            "    </dl>",
        ]
        #expect(incident.contains(facts.joined(separator: "\n")))
        // Only the fields that are set: pk-x has only affected_users (0, still set).
        let other = try read(output + "/incidents/pk-x/index.html")
        #expect(other.contains("      <div><dt>Affected users</dt><dd>0</dd></div>\n    </dl>"))
        #expect(!other.contains("<dt>ISP</dt>"))
        let source = try read(output + "/sources/report/index.html")
        #expect(source.contains("""
                <div><dt>Paywalled</dt><dd>No</dd></div>
                <div><dt>Section</dt><dd>Pakistan, national</dd></div>
              </dl>
            """))
        withExtendedLifetime(folder) {}
    }

    @Test func theExportsHoldEveryDeclaredField() throws {
        let (folder, output) = try built()
        let csv = try read(output + "/data/incidents.csv")
        #expect(csv == [
            "id,title,country,country_name,regions,platforms,type,status,verification,start,end,ordered_by,justification,tags,updated,url,sources,origin_count,origins,affected_users,isp,share,acknowledged,order_date,order_url,networks,court",
            "pk-x,X blocked,PK,Pakistan,,X,service-block,ongoing,reported,2024-02-17,,,,,,https://example.org/incidents/pk-x/,report,1,Daily Times,0,,,,,,,",
            "pk-shutdown,Mobile internet cut nationwide,PK,Pakistan,,Mobile data,mobile-shutdown,resolved,confirmed,2024-02-08,2024-02-09,,,,,https://example.org/incidents/pk-shutdown/,report,1,Daily Times,128000000,Jazz,87.5,true,2024-02-07,https://example.org/orders/2024-02-07.pdf?lang=en&copy=1,PTCL; Zong <4G>,'=Islamabad High Court",
            "",
        ].joined(separator: "\r\n"))

        let json = try read(output + "/data/incidents.json")
        #expect(json.contains("""
                "country_name" : "Pakistan",
                "end" : "2024-02-09",
                "fields" : {
                  "acknowledged" : true,
                  "affected_users" : 128000000,
                  "court" : "=Islamabad High Court",
                  "isp" : "Jazz",
                  "networks" : [
                    "PTCL",
                    "Zong <4G>"
                  ],
                  "order_date" : "2024-02-07",
                  "order_url" : "https://example.org/orders/2024-02-07.pdf?lang=en&copy=1",
                  "share" : 87.5
                },
                "id" : "pk-shutdown",
            """))
        #expect(json.contains("""
                "fields" : {
                  "acknowledged" : null,
                  "affected_users" : 0,
                  "court" : null,
                  "isp" : null,
                  "networks" : null,
                  "order_date" : null,
                  "order_url" : null,
                  "share" : null
                },
                "id" : "pk-x",
            """))
        let sources = try read(output + "/data/sources.json")
        #expect(sources.contains("""
                "fields" : {
                  "paywalled" : false,
                  "section" : "Pakistan, national"
                },
                "id" : "report",
            """))
        withExtendedLifetime(folder) {}
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let (first, one) = try built()
        let (second, two) = try built()
        #expect(snapshot(one) == snapshot(two))
        withExtendedLifetime((first, second)) {}
    }
}
