#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation
import Testing
import Verify

@Suite("TimelineSVG")
struct TimelineSVGTests {
    /// 12 jobs on 4 slots as a good scheduler runs them: durations spread around 0.5 s.
    static let twelveJobs: [TimelineBar] = {
        let durations = [0.42, 0.55, 0.48, 0.61, 0.50, 0.45, 0.58, 0.52, 0.47, 0.53, 0.44, 0.56]
        var slotFreeAt = [0.0, 0.0, 0.0, 0.0]
        var bars: [TimelineBar] = []
        for (index, duration) in durations.enumerated() {
            // The earliest-free slot, as a work-conserving pool would pick.
            let slot = slotFreeAt.indices.min { slotFreeAt[$0] < slotFreeAt[$1] } ?? 0
            let start = slotFreeAt[slot] + 0.01
            bars.append(TimelineBar(label: "train_job\(index + 1)", slot: slot, start: start,
                                    end: start + duration, failed: index == 7))
            slotFreeAt[slot] = start + duration
        }
        return bars
    }()

    @Test("the document is well-formed SVG with a viewBox and a size")
    func wellFormed() throws {
        let svg = TimelineSVG.render(bars: Self.twelveJobs, title: "run-all: 12 jobs on 4 workers", idealMakespan: 1.54)
        let document = try #require(ParsedXML(svg))
        let root = try #require(document.elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root.attributes["viewBox"] != nil)
        #expect(root.attributes["width"] != nil && root.attributes["height"] != nil)
        #expect(!svg.contains("e+") && !svg.contains("e-0"), "no exponent notation in coordinates")
    }

    @Test("one rect per bar, coloured by outcome, and one row label per slot")
    func barsAndRows() throws {
        let svg = TimelineSVG.render(bars: Self.twelveJobs, title: "t", idealMakespan: nil)
        let document = try #require(ParsedXML(svg))
        let bars = document.elements.filter { $0.name == "rect" && ($0.attributes["class"] ?? "").hasPrefix("bar") }
        #expect(bars.count == 12)
        #expect(bars.filter { $0.attributes["class"] == "bar failed" }.count == 1)
        let slotLabels = document.elements.filter { $0.attributes["class"] == "slot-label" }.map(\.text)
        #expect(slotLabels == ["slot 1", "slot 2", "slot 3", "slot 4"])
        #expect(document.elements.contains { $0.name == "title" && $0.text.contains("train_job8") && $0.text.contains("failed") })
    }

    @Test("the ideal makespan is a dashed line only when given")
    func idealLine() throws {
        let with = try #require(ParsedXML(TimelineSVG.render(bars: Self.twelveJobs, title: "t", idealMakespan: 1.5)))
        let line = try #require(with.elements.first { $0.attributes["class"] == "ideal-makespan" })
        #expect(line.attributes["stroke-dasharray"] != nil)
        #expect(line.attributes["x1"] == line.attributes["x2"])
        #expect(with.elements.contains { $0.text.contains("ideal makespan (1.5 s)") })

        let without = try #require(ParsedXML(TimelineSVG.render(bars: Self.twelveJobs, title: "t", idealMakespan: nil)))
        #expect(!without.elements.contains { $0.attributes["class"] == "ideal-makespan" })
    }

    @Test("the time axis has second ticks starting at 0 and reaching the makespan")
    func axis() throws {
        let document = try #require(ParsedXML(TimelineSVG.render(bars: Self.twelveJobs, title: "t", idealMakespan: nil)))
        let tickValues = document.elements
            .filter { $0.name == "text" && $0.attributes["text-anchor"] == "middle" }
            .compactMap { Double($0.text) }
        #expect(tickValues.first == 0)
        let lastEnd = try #require(Self.twelveJobs.map(\.end).max())
        #expect((tickValues.last ?? 0) >= lastEnd)
        #expect(tickValues.count >= 4)
    }

    @Test("labels and titles with markup characters are escaped", arguments: [
        #"<script>alert("x")</script>"#,
        "a & b > c < d",
        "it's \"quoted\"",
        "]]> <![CDATA[",
    ])
    func escaping(label: String) throws {
        let bars = [TimelineBar(label: label, slot: 0, start: 0, end: 10)]
        let svg = TimelineSVG.render(bars: bars, title: label, idealMakespan: nil)
        #expect(!svg.contains("<script"))
        let document = try #require(ParsedXML(svg))
        #expect(document.elements.contains { $0.name == "text" && $0.attributes["class"] == "bar-label" && $0.text == label })
        #expect(document.elements.contains { $0.name == "text" && $0.attributes["class"] == "title" && $0.text == label })
    }

    @Test("control characters and ANSI escapes are removed")
    func controlCharacters() throws {
        let label = "\u{1B}[31mred\u{1B}[0m\u{0}\u{7}\tjob\r\nname\u{FFFE}\u{85}"
        let svg = TimelineSVG.render(bars: [TimelineBar(label: label, slot: 0, start: 0, end: 30)], title: label, idealMakespan: nil)
        #expect(!svg.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        let document = try #require(ParsedXML(svg))
        #expect(document.elements.contains { $0.attributes["class"] == "bar-label" && $0.text == "red job  name" })
    }

    @Test("long labels are shortened to fit their bar; the tooltip keeps the whole name")
    func longLabels() throws {
        let label = String(repeating: "very_long_job_name_", count: 10)
        let bars = [TimelineBar(label: label, slot: 0, start: 0, end: 1), TimelineBar(label: "x", slot: 1, start: 0, end: 20)]
        let document = try #require(ParsedXML(TimelineSVG.render(bars: bars, title: "t", idealMakespan: nil)))
        let shown = document.elements.filter { $0.attributes["class"] == "bar-label" }.map(\.text)
        #expect(shown.allSatisfy { $0.count < label.count })
        #expect(document.elements.contains { $0.name == "title" && $0.text.contains(label) })
    }

    @Test("degenerate inputs still give a valid picture", arguments: [
        [TimelineBar](),
        [TimelineBar(label: "zero", slot: 0, start: 1, end: 1)],
        [TimelineBar(label: "nan", slot: 0, start: .nan, end: 1), TimelineBar(label: "neg", slot: -1, start: 0, end: 1)],
        [TimelineBar(label: "huge", slot: 2, start: 0, end: 1e15)],
        [TimelineBar(label: "early", slot: 0, start: -0.5, end: 0.25)],
    ])
    func degenerate(bars: [TimelineBar]) throws {
        let svg = TimelineSVG.render(bars: bars, title: "", idealMakespan: .nan)
        let document = try #require(ParsedXML(svg))
        #expect(document.elements.first?.name == "svg")
        let drawable = bars.filter { $0.slot >= 0 && $0.start.isFinite && $0.end.isFinite }
        #expect(document.elements.filter { ($0.attributes["class"] ?? "").hasPrefix("bar ") }.count == drawable.count)
    }

    @Test("rendering is deterministic")
    func deterministic() {
        let first = TimelineSVG.render(bars: Self.twelveJobs, title: "t", idealMakespan: 1.5)
        #expect(first == TimelineSVG.render(bars: Self.twelveJobs, title: "t", idealMakespan: 1.5))
    }
}

@Suite("TimelineSVG.assignSlots")
struct SlotAssignmentTests {
    typealias Interval = (label: String, start: Double, end: Double, failed: Bool)

    /// Interval sets: hand-written edge cases and pseudo-random ones from fixed seeds.
    static let cases: [[Interval]] = {
        let wave: [Interval] = (0..<8).map { index in
            let start = Double(index / 4)
            return (label: "j\(index)", start: start, end: start + 0.9, failed: false)
        }
        var sets: [[Interval]] = [[], [(label: "only", start: 0, end: 1, failed: false)]]
        // Touching intervals share a slot.
        sets.append([("a", 0, 1, false), ("b", 1, 2, false), ("c", 2, 3, false)])
        // Four at once, then four more after: a wave of 4.
        sets.append(wave)
        // Nested and overlapping, given out of order.
        sets.append([("long", 0, 10, false), ("late", 5, 6, true), ("early", 1, 2, false), ("mid", 1.5, 5.5, false)])
        // Same start, different ends.
        sets.append([("x", 0, 3, false), ("y", 0, 1, false), ("z", 0, 2, false), ("w", 1, 4, false)])
        for seed in UInt64(1)...6 {
            var generator = SeededGenerator(seed: seed)
            sets.append((0..<40).map { index in
                let start = generator.nextUnitInterval() * 10
                return ("r\(index)", start, start + 0.1 + generator.nextUnitInterval() * 3, false)
            })
        }
        return sets
    }()

    /// The largest number of intervals running at one instant (an end at t frees its slot for a
    /// start at t).
    static func peakConcurrency(_ intervals: [Interval]) -> Int {
        var events: [(time: Double, change: Int)] = []
        for interval in intervals {
            events.append((interval.start, 1))
            events.append((interval.end, -1))
        }
        events.sort { $0.time != $1.time ? $0.time < $1.time : $0.change < $1.change }
        var running = 0
        var peak = 0
        for event in events {
            running += event.change
            peak = max(peak, running)
        }
        return peak
    }

    @Test("slots never overlap and their number equals the peak concurrency", arguments: cases.indices)
    func packing(caseIndex: Int) {
        let intervals = Self.cases[caseIndex]
        let bars = TimelineSVG.assignSlots(intervals: intervals)
        #expect(bars.count == intervals.count)
        // Input order and times are kept.
        #expect(bars.map(\.label) == intervals.map(\.label))
        #expect(bars.map(\.start) == intervals.map(\.start))
        #expect(bars.map(\.failed) == intervals.map(\.failed))
        for slot in Set(bars.map(\.slot)) {
            let inSlot = bars.filter { $0.slot == slot }.sorted { $0.start < $1.start }
            for (earlier, later) in zip(inSlot, inSlot.dropFirst()) {
                #expect(earlier.end <= later.start, "\(earlier.label) overlaps \(later.label) in slot \(slot)")
            }
        }
        let slotsUsed = Set(bars.map(\.slot))
        #expect(slotsUsed.count == Self.peakConcurrency(intervals))
        #expect(slotsUsed == Set(0..<slotsUsed.count), "slots are numbered from 0 without gaps")
    }

    @Test("the lowest free slot is taken; equal starts go shortest first")
    func lowestFreeSlot() {
        let bars = TimelineSVG.assignSlots(intervals: [
            ("a", 0, 5, false), ("b", 0, 1, false), ("c", 0, 5, false), ("d", 2, 3, false),
        ])
        #expect(bars.map(\.slot) == [1, 0, 2, 0])
    }

    @Test("reversed intervals are clamped and non-finite ones dropped")
    func malformed() {
        let bars = TimelineSVG.assignSlots(intervals: [
            ("reversed", 3, 1, false), ("nan", .nan, 1, false), ("ok", 0, 1, false),
        ])
        #expect(bars.map(\.label) == ["reversed", "ok"])
        #expect(bars[0].end == 3)
    }

    @Test("assigned bars render")
    func renderAssigned() throws {
        let bars = TimelineSVG.assignSlots(intervals: Self.cases[4])
        #expect(ParsedXML(TimelineSVG.render(bars: bars, title: "t", idealMakespan: 5)) != nil)
    }
}

/// The elements of an XML document in document order, parsed with Foundation's XMLParser; `nil`
/// when the document is not well-formed.
private struct ParsedXML {
    struct Element {
        var name: String
        var attributes: [String: String]
        /// The character data directly inside the element.
        var text: String
    }

    var elements: [Element]

    init?(_ text: String) {
        let parser = XMLParser(data: Data(text.utf8))
        let collector = ElementCollector()
        parser.delegate = collector
        guard parser.parse(), collector.openElements.isEmpty else { return nil }
        elements = collector.elements
    }
}

private final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [ParsedXML.Element] = []
    var openElements: [Int] = []

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        openElements.append(elements.count)
        elements.append(ParsedXML.Element(name: elementName, attributes: attributeDict, text: ""))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let current = openElements.last { elements[current].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        openElements.removeLast()
    }
}
