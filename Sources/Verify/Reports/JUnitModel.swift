public import Foundation

/// One `<testsuite>` of a JUnit XML report: a group of test cases run together, with the
/// properties that describe the run and the output it produced.
///
/// The values are kept as given; ``JUnitWriter`` sanitizes, truncates and formats them when it
/// renders the document, so any text (including hostile job output) can be stored here.
public struct JUnitTestSuite: Sendable, Equatable {
    /// The suite name (`name` attribute). A blank name is written as `unnamed`.
    public var name: String
    /// The package the suite belongs to (`package` attribute); may be empty.
    public var package: String
    /// When the suite started; written in UTC as `YYYY-MM-DDTHH:MM:SS`.
    public var timestamp: Date
    /// The host the suite ran on. A blank host name is written as `localhost`.
    public var hostname: String
    /// Wall-clock duration of the suite in seconds.
    public var time: Double
    /// Name/value pairs describing the run (target, settings, environment, figures).
    public var properties: [JUnitProperty]
    /// The test cases, in the order they are written.
    public var testCases: [JUnitTestCase]
    /// Standard output captured for the whole suite.
    public var systemOut: String
    /// Standard error captured for the whole suite.
    public var systemErr: String

    /// Creates a suite; everything but `name` and `timestamp` has an empty default.
    public init(
        name: String,
        package: String = "",
        timestamp: Date,
        hostname: String = "localhost",
        time: Double = 0,
        properties: [JUnitProperty] = [],
        testCases: [JUnitTestCase] = [],
        systemOut: String = "",
        systemErr: String = ""
    ) {
        self.name = name
        self.package = package
        self.timestamp = timestamp
        self.hostname = hostname
        self.time = time
        self.properties = properties
        self.testCases = testCases
        self.systemOut = systemOut
        self.systemErr = systemErr
    }

    /// The number of test cases (`tests` attribute).
    public var tests: Int { testCases.count }

    /// The number of test cases whose outcome is ``JUnitTestCase/Outcome/failed(type:message:details:)``.
    public var failures: Int {
        testCases.reduce(0) { count, testCase in
            if case .failed = testCase.outcome { return count + 1 }
            return count
        }
    }

    /// The number of test cases whose outcome is ``JUnitTestCase/Outcome/errored(type:message:details:)``.
    public var errors: Int {
        testCases.reduce(0) { count, testCase in
            if case .errored = testCase.outcome { return count + 1 }
            return count
        }
    }

    /// The number of test cases whose outcome is ``JUnitTestCase/Outcome/skipped(message:)``.
    public var skipped: Int {
        testCases.reduce(0) { count, testCase in
            if case .skipped = testCase.outcome { return count + 1 }
            return count
        }
    }
}

/// One `<property name="…" value="…"/>` of a suite.
public struct JUnitProperty: Sendable, Equatable {
    /// The property name. ``JUnitWriter`` makes names unique in the file (see its rules).
    public var name: String
    /// The property value.
    public var value: String

    /// Creates a property.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// One `<testcase>`: a single test and how it ended.
public struct JUnitTestCase: Sendable, Equatable {
    /// How a test case ended; decides the (at most one) child element of `<testcase>`.
    public enum Outcome: Sendable, Equatable {
        /// The test passed: no child element.
        case passed
        /// The test failed an assertion: `<failure type message>details</failure>`.
        /// A blank `type` is written as `failure`.
        case failed(type: String, message: String, details: String)
        /// The test could not run properly: `<error type message>details</error>`.
        /// A blank `type` is written as `error`.
        case errored(type: String, message: String, details: String)
        /// The test was skipped: `<skipped>message</skipped>` (the message is the element's
        /// text, because the junit5 schema allows no attributes on `<skipped>`).
        case skipped(message: String)
    }

    /// The test name (`name` attribute).
    public var name: String
    /// The class or group the test belongs to (`classname` attribute).
    public var className: String
    /// Duration in seconds.
    public var time: Double
    /// How the test ended.
    public var outcome: Outcome

    /// Creates a test case; it passed in no measurable time unless told otherwise.
    public init(name: String, className: String, time: Double = 0, outcome: Outcome = .passed) {
        self.name = name
        self.className = className
        self.time = time
        self.outcome = outcome
    }
}
