import Foundation
import Testing

/// Every keystroke script under Tests/CLITests/Scripts runs through `proxydash script`,
/// as DESIGN.md's contract says outside tests will run them.
@Suite struct ScriptTests {
  static let scripts = Binary.repository.appendingPathComponent("Tests/CLITests/Scripts")

  static func names(in folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { $0.hasSuffix(".pdscript") }.sorted()
  }

  /// `# args: --account cara@example.com` in a script's first lines.
  static func arguments(of file: URL) -> [String] {
    let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("# args:") }) else { return [] }
    return line.dropFirst("# args:".count).split(separator: " ").map(String.init)
  }

  /// The listing above cannot throw inside `arguments`, so a moved or unreadable folder
  /// would give no cases and a pass: this fails instead.
  @Test func scriptFoldersHoldTheScripts() throws {
    let demo = try FileManager.default.contentsOfDirectory(atPath: Self.scripts.path)
    #expect(demo.filter { $0.hasSuffix(".pdscript") }.count >= 25, "demo scripts in \(Self.scripts.path)")
    #expect(Self.names(in: Self.scripts) == demo.filter { $0.hasSuffix(".pdscript") }.sorted())
    let store = try FileManager.default.contentsOfDirectory(
      atPath: Self.scripts.appendingPathComponent("store").path)
    #expect(!store.filter { $0.hasSuffix(".pdscript") }.isEmpty, "store scripts")
  }

  @Test(arguments: names(in: scripts))
  func demoScript(_ name: String) throws {
    let file = Self.scripts.appendingPathComponent(name)
    let run = try Binary.run(["script", file.path, "--demo"] + Self.arguments(of: file))
    #expect(run.status == 0, "\(name) failed:\n\(run.error)\n\(run.output)")
  }

  /// Log-in scripts run on a store made by `proxydash init`, with the clock fixed.
  @Test(arguments: names(in: scripts.appendingPathComponent("store")))
  func storeScript(_ name: String) throws {
    let folder = try Binary.temporaryFolder("store")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store")
    let made = try Binary.run([
      "init", store.path, "--from", Binary.repository.appendingPathComponent("demo-data").path,
    ])
    #expect(made.status == 0, "init failed: \(made.error)")
    let file = Self.scripts.appendingPathComponent("store").appendingPathComponent(name)
    let run = try Binary.run(["script", file.path, "--data", store.path, "--now", "2026-11-16T10:00:00Z"])
    #expect(run.status == 0, "\(name) failed:\n\(run.error)\n\(run.output)")
  }

  @Test func failedExpectationExitsOneAndNamesTheLine() throws {
    let folder = try Binary.temporaryFolder("fail")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("fail.pdscript")
    try "press 3\nexpect \"State: Nonsense\"\n".write(to: file, atomically: true, encoding: .utf8)
    let run = try Binary.run(["script", file.path, "--demo"])
    #expect(run.status == 1)
    #expect(run.error.contains("line 2"))
    #expect(run.output.contains("State: Active"), "the screen at the failure is printed")
  }

  /// A demo killed with SIGKILL cannot remove its scratch copy; the next demo to end
  /// removes it, and leaves alone the folder of any process still running.
  @Test func aDemoRemovesTheScratchOfDemosThatWereKilled() throws {
    let folder = try Binary.temporaryFolder("tmp")
    defer { try? FileManager.default.removeItem(at: folder) }
    let ended = Process()
    ended.executableURL = URL(fileURLWithPath: "/bin/true")
    try ended.run()
    ended.waitUntilExit()
    let orphan = folder.appendingPathComponent("proxydash-demo-\(ended.processIdentifier)-1")
    let running = folder.appendingPathComponent("proxydash-demo-\(getpid())-2")
    for scratch in [orphan, running] {
      try FileManager.default.createDirectory(
        at: scratch.appendingPathComponent("run-0"), withIntermediateDirectories: true)
    }
    let file = folder.appendingPathComponent("empty.pdscript")
    try "screen\n".write(to: file, atomically: true, encoding: .utf8)
    let run = try Binary.run(["script", file.path, "--demo"], environment: ["TMPDIR": folder.path])
    #expect(run.status == 0, "\(run.error)")
    #expect(!FileManager.default.fileExists(atPath: orphan.path))
    #expect(FileManager.default.fileExists(atPath: running.path))
    let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(left == ["empty.pdscript", running.lastPathComponent])
  }

  @Test func badScriptIsAUsageError() throws {
    let folder = try Binary.temporaryFolder("bad")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("bad.pdscript")
    try "press 3\npress Hyper-X\n".write(to: file, atomically: true, encoding: .utf8)
    let run = try Binary.run(["script", file.path, "--demo"])
    #expect(run.status == 2)
    #expect(run.error.contains("line 2"))
    #expect(run.error.contains("Hyper-X"))
  }

  @Test func initRefusesAFolderThatHoldsAStore() throws {
    let folder = try Binary.temporaryFolder("init")
    defer { try? FileManager.default.removeItem(at: folder) }
    let demoData = Binary.repository.appendingPathComponent("demo-data").path
    #expect(try Binary.run(["init", folder.path + "/s", "--from", demoData]).status == 0)
    let again = try Binary.run(["init", folder.path + "/s", "--from", demoData])
    #expect(again.status == 1)
    #expect(again.error.contains("already holds a ProxyDash store"))
  }

  @Test func notATerminalPointsToScript() throws {
    let run = try Binary.run(["demo"])
    #expect(run.status != 0)
    #expect(run.error.contains("proxydash script"))
  }

  @Test func corruptStoreIsRefusedAndLeftUntouched() throws {
    let folder = try Binary.temporaryFolder("corrupt")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("proxydash.sqlite")
    let bytes = Data("this is not a database, and must stay exactly as it is\n".utf8)
    try bytes.write(to: file)
    let script = folder.appendingPathComponent("s.pdscript")
    try "screen\n".write(to: script, atomically: true, encoding: .utf8)
    let run = try Binary.run(["script", script.path, "--data", folder.path])
    #expect(run.status == 1)
    #expect(run.error.contains(file.path) || run.error.contains("proxydash.sqlite"))
    #expect(try Data(contentsOf: file) == bytes)
  }
}

/// The autoplay tour is a script too: CI runs it headless with its expectations.
@Suite struct TourTests {
  @Test func tourRunsHeadlessWithEveryExpectation() throws {
    let tour = Binary.repository.appendingPathComponent("demo-data/tour.pdscript")
    let run = try Binary.run(["script", tour.path, "--demo", "--size", "100x30"])
    #expect(run.status == 0, "tour failed:\n\(run.error)\n\(run.output)")
    #expect(run.output.contains("That's the tour"))
  }
}

/// R27: `e` writes the shown range as CSV; its rows add up to what the screen says.
@Suite struct ExportTests {
  @Test func exportedRowsMatchTheScreen() throws {
    let folder = try Binary.temporaryFolder("export")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store")
    let demoData = Binary.repository.appendingPathComponent("demo-data").path
    try #require(try Binary.run(["init", store.path, "--from", demoData]).status == 0)
    let script = folder.appendingPathComponent("export.pdscript")
    try "press 1 h\nexpect \"30 days:\"\npress e\nexpect \"saved as CSV to\"\npress Esc\n".write(
      to: script, atomically: true, encoding: .utf8)
    let run = try Binary.run([
      "script", script.path, "--data", store.path, "--account", "ava@example.com", "--now",
      "2026-11-16T10:00:00Z",
    ])
    try #require(run.status == 0, "\(run.error)\n\(run.output)")
    // The screen's range line: "30 days: 44.9 GB (17 Oct 2026 – 16 Nov 2026)".
    let line = try #require(
      run.output.split(separator: "\n").first { $0.contains("30 days:") && $0.contains("GB (") })
    let shown = try #require(line.split(separator: ":")[1].split(separator: " ").first.flatMap { Double($0) })

    let exports = store.appendingPathComponent("exports")
    let files = try FileManager.default.contentsOfDirectory(atPath: exports.path).filter {
      $0.hasSuffix(".csv")
    }
    let file = try #require(files.first)
    let csv = try String(contentsOf: exports.appendingPathComponent(file), encoding: .utf8)
    let rows = csv.split(whereSeparator: \.isNewline).map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    #expect(rows.first == ["kind", "start", "proxy_user", "bytes", "gb"])
    let dayBytes = rows.filter { $0.first == "day" }.compactMap { Int64($0[3]) }.reduce(0, +)
    let userBytes = rows.filter { $0.first == "user" }.compactMap { Int64($0[3]) }.reduce(0, +)
    #expect(dayBytes == userBytes, "days and users add up to the same total")
    // The screen rounds to 0.1 GB.
    #expect(abs(Double(dayBytes) / 1e9 - shown) <= 0.05, "CSV \(dayBytes) bytes vs screen \(shown) GB")
  }
}

/// Issue 8: hostile text in the data files (ESC, CSI, OSC 52, BEL, NUL, C1, bidi
/// override, zero-width and double-width characters) is shown harmlessly.
@Suite struct HostileDataTests {
  @Test func hostileDemoDataNeverReachesTheTerminalRaw() throws {
    let folder = try Binary.temporaryFolder("hostile")
    defer { try? FileManager.default.removeItem(at: folder) }
    let demoData = folder.appendingPathComponent("demo-data")
    try FileManager.default.copyItem(at: Binary.repository.appendingPathComponent("demo-data"), to: demoData)
    let personas = demoData.appendingPathComponent("personas.json")
    let hostileName = "Ava\\u001b[2J\\u001b]52;c;cm0gLXJmIH4=\\u0007\\u0000\\u009b31m\\u202eseirV\\u200b 山田"
    let hostileCompany = "Evil\\u001bP+q\\u001b\\\\ Corp\\u0007"
    var text = try String(contentsOf: personas, encoding: .utf8)
    text = text.replacingOccurrences(of: "\"name\": \"Ava de Vries\"", with: "\"name\": \"\(hostileName)\"")
    text = text.replacingOccurrences(
      of: "\"company\": \"\",", with: "\"company\": \"\(hostileCompany)\",", options: [],
      range: text.range(of: "\"company\": \"\","))
    try text.write(to: personas, atomically: true, encoding: .utf8)

    let store = folder.appendingPathComponent("store")
    let made = try Binary.run(["init", store.path, "--from", demoData.path])
    try #require(made.status == 0, "init failed: \(made.error)")
    let script = folder.appendingPathComponent("profile.pdscript")
    try "press 3 Tab Tab\nexpect \"Billing country\"\n".write(to: script, atomically: true, encoding: .utf8)
    let run = try Binary.run([
      "script", script.path, "--data", store.path, "--account", "ava@example.com", "--now",
      "2026-11-16T10:00:00Z",
      "--size", "100x30",
    ])
    #expect(run.status == 0, "\(run.error)\n\(run.output)")
    let forbidden: [Unicode.Scalar] = ["\u{1B}", "\u{07}", "\u{00}", "\u{9B}", "\u{202E}", "\u{200B}"]
    #expect(
      !run.output.unicodeScalars.contains { forbidden.contains($0) }, "control characters reached the output")
    let lines = run.output.split(separator: "\n")
    let name = try #require(lines.first { $0.contains("Name") && $0.contains("Ava") })
    let company = try #require(lines.first { $0.contains("Company") })
    #expect(name.contains("山田"))
    #expect(company.contains("Evil Corp"))
    // Values start in the same terminal column: wide characters did not shift them.
    func column(of value: String, in line: Substring) -> Int {
      let prefix = line[..<(line.range(of: value)?.lowerBound ?? line.startIndex)]
      return prefix.unicodeScalars.count
    }
    #expect(column(of: "Ava", in: name) == column(of: "Evil", in: company))
  }
}
