import Testing
import Verify

@Suite("ClaimExtractor")
struct ClaimExtractorTests {
    /// The parts of the seed report (seed/000_765b413eb7f16b53.txt) that mention speed, copied
    /// verbatim, with a fenced code block and the symbolic formulas around them.
    static let seedReport = """
        ## Documentation Coverage

        ### 1. RUN_ALL_GUIDE.md
        Section: "### 3. Run in Parallel (Faster)"
        ```bash
        python run_all_training.py --parallel --max-workers 4
        ```
        ✅ Documented with explanation

        ## Performance Characteristics

        ### Sequential Mode (Default)
        - Time: ~T seconds per job × N jobs = N×T total
        - Resource usage: 1 job at a time

        ### Parallel Mode (--parallel --max-workers 4)
        - Time: ~T seconds per job × ⌈N/4⌉ = roughly N×T/4 total
        - Resource usage: Up to 4 jobs simultaneously
        - Speedup: Up to 4× faster (theoretical maximum)

        ### Actual Performance
        With 12 jobs and 4 workers:
        - Sequential: 12 time units
        - Parallel: ~3 time units (4× speedup)

        ## Recommendations

        1. **Process-based parallelism**: For CPU-bound tasks, `ProcessPoolExecutor` might offer better performance
        """

    @Test("the seed report's two claims: a ceiling and a point, with their lines")
    func seedReport() throws {
        let claims = ClaimExtractor.claims(inMarkdown: Self.seedReport, source: "000_765b413eb7f16b53.txt")
        try #require(claims.count == 2)

        #expect(claims[0].factor == 4)
        #expect(claims[0].kind == .ceiling)
        #expect(claims[0].text == "Speedup: Up to 4× faster (theoretical maximum)")
        #expect(claims[0].line == 19)
        #expect(claims[0].source == "000_765b413eb7f16b53.txt")

        #expect(claims[1].factor == 4)
        #expect(claims[1].kind == .point)
        #expect(claims[1].text.contains("~3 time units (4× speedup)"))
        #expect(claims[1].line == 24)
    }

    @Test("prose claims and their kinds", arguments: [
        ("Speedup: Up to 4× faster (theoretical maximum)", 4.0, SpeedupClaim.Kind.ceiling),
        ("- Parallel: ~3 time units (4× speedup)", 4, .point),
        ("12 jobs on 4 workers ≈ 4× speedup", 4, .point),
        ("The parallel run is 4x faster.", 4, .point),
        ("Runs up to 4× faster on a big machine", 4, .ceiling),
        ("It measured 3.5X speedup on 2 cores", 3.5, .point),
        ("a speedup of about 3.5× overall", 3.5, .point),
        ("Speed-up: 2.5x", 2.5, .point),
        ("faster by 2× than before", 2, .point),
        ("Parallel mode is 3 times faster", 3, .point),
        ("a 4-fold speedup", 4, .point),
        ("at most 4 × speedup", 4, .ceiling),
        ("speedups ≤ 4x", 4, .ceiling),
        ("expect a **4×** speedup", 4, .point),
        ("expect a **4**× speedup", 4, .point),
        ("expect a _4x_ speedup", 4, .point),
        ("4× overall wall-clock speedup", 4, .point),
        ("Jobs finish 2× quicker", 2, .point),
        ("We sped up the run 3x", 3, .point),
        ("No more than 4x faster", 4, .ceiling),
        ("the theoretical max is a 4x speedup", 4, .ceiling),
        ("3–4× faster", 4, .point),
        ("- With 12 jobs and 4 workers: sequential 12 time units, parallel ~3 time units (4× speedup)", 4, .point),
    ])
    func proseClaim(line: String, factor: Double, kind: SpeedupClaim.Kind) throws {
        let claims = ClaimExtractor.claims(inMarkdown: line, source: "doc.md")
        try #require(claims.count == 1, "\(line) → \(claims)")
        #expect(claims[0].factor == factor)
        #expect(claims[0].kind == kind)
        #expect(claims[0].line == 1)
    }

    @Test("products, resolutions, architectures and formulas are not claims", arguments: [
        "Sequential: 12 × 0.5 s jobs",
        "12 × 0.5 s jobs run faster in parallel",
        "- Time: ~T seconds per job × N jobs = N×T total",
        "roughly N×T/4 total, ⌈N/4⌉ waves, much faster",
        "a 2×2 grid renders faster",
        "1920x1080 frames encode faster",
        "built for x86_64 and faster on it",
        "Resource usage: Up to 4 jobs simultaneously",
        "a faster disk with 4x capacity",
        "use `4x faster` in the docs",
        "4xfaster",
        "3 times 4 is 12, faster than counting",
        "0× speedup",
        "Speedup: see the table",
        "the 4x4 matrix is faster",
        "amd_64x faster",
        "400% faster",
    ])
    func notClaims(line: String) {
        #expect(ClaimExtractor.claims(inMarkdown: line, source: "doc.md").isEmpty)
    }

    @Test("lines inside code fences are skipped; prose after a fence is read")
    func fences() {
        let text = """
            ```bash
            $ bench # 4× faster
            ```
            ~~~~
            4x speedup
            ```
            still inside: 5x faster
            ~~~~
            After: 2× faster
              ````python
            print("9x faster")
              ````
            Then 3x faster.
            """
        let claims = ClaimExtractor.claims(inMarkdown: text, source: "doc.md")
        #expect(claims.map(\.factor) == [2, 3])
        #expect(claims.map(\.line) == [9, 13])
    }

    @Test("an unclosed fence hides the rest of the document, as in CommonMark")
    func unclosedFence() {
        let text = "1. First 2× faster\n```\n3x faster\n"
        #expect(ClaimExtractor.claims(inMarkdown: text, source: "doc.md").map(\.factor) == [2])
    }

    @Test("ceiling words apply to their own sentence only")
    func sentenceScope() {
        let separate = ClaimExtractor.claims(
            inMarkdown: "Up to 4 workers are used. The run was 3.5× faster.", source: "doc.md")
        #expect(separate.map(\.kind) == [.point])
        #expect(separate.first?.text == "The run was 3.5× faster.")
        let together = ClaimExtractor.claims(
            inMarkdown: "With up to 4 workers the run is 3.5× faster.", source: "doc.md")
        #expect(together.map(\.kind) == [.ceiling])
    }

    @Test("with several claims in a sentence, a ceiling word qualifies the nearest one")
    func nearestClaim() {
        let design = #"| perf.claims | speedup claims found in the target's docs (e.g. "~4× speedup", "up to 4×") and `--claim` checked |"#
        #expect(ClaimExtractor.claims(inMarkdown: design, source: "DESIGN.md").map(\.kind) == [.point, .ceiling])
        let reversed = "Up to 8× faster on 8 cores and 2× faster on 2"
        #expect(ClaimExtractor.claims(inMarkdown: reversed, source: "doc.md").map(\.kind) == [.ceiling, .point])
        let trailing = "2× faster on 2 cores, 4x faster on 4 (theoretical maximum)"
        #expect(ClaimExtractor.claims(inMarkdown: trailing, source: "doc.md").map(\.kind) == [.point, .ceiling])
    }

    @Test("table cells are separate sentences")
    func tableCells() {
        let row = "| Up to 4 workers | 3.5× speedup |"
        let claims = ClaimExtractor.claims(inMarkdown: row, source: "doc.md")
        #expect(claims.map(\.kind) == [.point])
        #expect(claims.first?.text == "3.5× speedup")
    }

    @Test("several claims on a line, CRLF line endings, and line numbers")
    func multipleClaims() {
        let text = "intro\r\n2× faster on 2 workers and 4× faster on 4.\r\n\r\nlast: 8x speedup"
        let claims = ClaimExtractor.claims(inMarkdown: text, source: "doc.md")
        #expect(claims.map(\.factor) == [2, 4, 8])
        #expect(claims.map(\.line) == [2, 2, 4])
    }

    @Test("--claim arguments that parse", arguments: [
        ("4x", 4.0, SpeedupClaim.Kind.point),
        ("4×", 4, .point),
        ("4", 4, .point),
        ("3.5x", 3.5, .point),
        ("3.5X", 3.5, .point),
        (" 4x speedup ", 4, .point),
        ("~4x", 4, .point),
        ("≈ 4×", 4, .point),
        ("4 times faster", 4, .point),
        ("up to 4x", 4, .ceiling),
        ("Up To 4×", 4, .ceiling),
        ("up to 4× faster", 4, .ceiling),
        ("at most 3.5", 3.5, .ceiling),
        ("≤4x", 4, .ceiling),
        ("4x (theoretical maximum)", 4, .ceiling),
    ])
    func validArguments(argument: String, factor: Double, kind: SpeedupClaim.Kind) throws {
        let claim = try ClaimExtractor.parseClaimArgument(argument)
        #expect(claim.factor == factor)
        #expect(claim.kind == kind)
        #expect(claim.source == "--claim")
        #expect(claim.line == nil)
        #expect(claim.text == claim.text.trimmingWhitespace)
    }

    @Test("--claim arguments that are refused with a one-line message", arguments: [
        "", "   ", "abc", "0", "0x", "0.0×", "-4x", "4x4", "x4", "nan", "inf", "1e3", "4,5x",
        "4 x y", "fast", "4x\nslower", "up to", "4xx", "- 4x",
    ])
    func invalidArguments(argument: String) {
        #expect(throws: ClaimParseError.self) { try ClaimExtractor.parseClaimArgument(argument) }
        do {
            _ = try ClaimExtractor.parseClaimArgument(argument)
        } catch {
            #expect(!error.message.contains("\n"))
            #expect(error.message.hasPrefix("invalid --claim"))
            #expect(error.argument == argument)
        }
    }

    @Test("zero and negative factors say why")
    func nonPositiveMessage() {
        for argument in ["0x", "-2"] {
            #expect(throws: ClaimParseError.self) { try ClaimExtractor.parseClaimArgument(argument) }
            do {
                _ = try ClaimExtractor.parseClaimArgument(argument)
            } catch {
                #expect(error.message.contains("greater than 0"))
            }
        }
    }
}

private extension String {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
