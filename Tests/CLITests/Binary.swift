import Foundation

/// The built `proxydash` binary and the repository, for tests that run the real program.
enum Binary {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// `PROXYDASH_E2E_BINARY` when set (CI points it at the release build, so the
  /// end-to-end tests run what customers run), else the debug build beside the test
  /// bundle (`swift test` builds both into the same folder).
  static var proxydash: URL {
    if let path = ProcessInfo.processInfo.environment["PROXYDASH_E2E_BINARY"], !path.isEmpty {
      return URL(fileURLWithPath: path)
    }
    var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = folder.appendingPathComponent("proxydash")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      folder.deleteLastPathComponent()
    }
    return repository.appendingPathComponent(".build/debug/proxydash")
  }

  struct Run {
    var status: Int32
    var output: String
    var error: String
  }

  /// Runs `proxydash` (or `executable`: a shell, sqlite3, mount) with `arguments` and no
  /// terminal; waits for it to end.
  static func run(
    _ arguments: [String], environment: [String: String] = [:], executable: String? = nil
  ) throws -> Run {
    let process = Process()
    process.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? proxydash
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    process.currentDirectoryURL = repository
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes to the end before waiting, so a full pipe never blocks the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
      error: String(decoding: errData, as: UTF8.self))
  }

  static func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "proxydash-test-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
