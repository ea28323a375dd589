import Testing
@testable import TrackerCore

@Suite struct PartialDateTestSuite {
    @Test func keepsThePrecisionItWasWrittenWith() throws {
        #expect(try PartialDate.parse("2024").display == "2024")
        #expect(try PartialDate.parse("2024-02").display == "February 2024")
        #expect(try PartialDate.parse("2024-02-17").display == "17 February 2024")
        #expect(try PartialDate.parse("2024-02").iso == "2024-02")
    }

    /// Dates for readers are put together in one buffer (`ShortText`): numbers of any size, padded or not.
    @Test func readersDatesArePutTogetherPieceByPiece() {
        #expect(PartialDate(year: 7, month: 12, day: 31).display == "31 December 7")
        #expect(PartialDate(year: 10000, month: 1, day: 1).display == "1 January 10000")
        #expect(PartialDate(year: 2024, month: 9).display == "September 2024")
        let text = ShortText.make(capacity: 5 * ShortText.numberRoom + 8) { text in
            text.append(0)
            text.append("|")
            text.append(5, width: 2)
            text.append("|")
            text.append(1234, width: 2)
            text.append("|")
            text.append(-42, width: 4)
            text.append("|")
            text.append(Int.max)
            text.append("é")
        }
        #expect(text == "0|05|1234|-42|9223372036854775807é")
    }

    @Test func rejectsImpossibleDays() {
        #expect(throws: PartialDate.ParseError.dayOutOfRange(day: 30, daysInMonth: 29)) { try PartialDate.parse("2024-02-30") }
        #expect(throws: PartialDate.ParseError.dayOutOfRange(day: 29, daysInMonth: 28)) { try PartialDate.parse("2023-02-29") }
        #expect(throws: PartialDate.ParseError.monthOutOfRange(13)) { try PartialDate.parse("2024-13") }
    }

    /// Found by hand: `start: 0000-01-01` built, and wrote `<time datetime="0000-01-01">`, which HTML refuses.
    @Test func rejectsYearZero() throws {
        for text in ["0000", "0000-01", "0000-02-29"] {
            #expect(throws: PartialDate.ParseError.yearZero, "\(text)") { try PartialDate.parse(text) }
        }
        #expect(try PartialDate.parse("0001-01-01").year == 1)
    }

    @Test func acceptsLeapDays() throws {
        #expect(try PartialDate.parse("2000-02-29").day == 29)
        #expect(throws: PartialDate.ParseError.dayOutOfRange(day: 29, daysInMonth: 28)) { try PartialDate.parse("1900-02-29") }
    }

    @Test func rejectsOtherForms() {
        for text in ["24-02-17", "2024/02/17", "2024-2-17", "2024-02-17T10:00", "", "2024-02-", "February 2024"] {
            #expect(throws: PartialDate.ParseError.malformed, "\(text)") { try PartialDate.parse(text) }
        }
    }

    @Test func aMonthIsNotBeforeADayInsideIt() throws {
        let month = try PartialDate.parse("2024-02"), day = try PartialDate.parse("2024-02-17")
        #expect(!month.isEntirelyBefore(day))
        #expect(!day.isEntirelyBefore(month))
        #expect(try PartialDate.parse("2024-01").isEntirelyBefore(day))
        #expect(month < day)
    }

    @Test func givesTheSpanItCovers() throws {
        #expect(try PartialDate.parse("2024-02").latestDay == "2024-02-29")
        #expect(try PartialDate.parse("2023").earliestDay == "2023-01-01")
        #expect(try PartialDate.parse("2023").rfc3339 == "2023-01-01T00:00:00Z")
    }
}
