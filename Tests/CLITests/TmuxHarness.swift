import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a tmux command failed: the arguments, its exit status and what it printed.
struct TmuxError: Error, CustomStringConvertible {
  var arguments: [String]
  var status: Int32
  var output: String

  var description: String {
    "tmux \(arguments.joined(separator: " ")) exited with \(status): \(output)"
  }
}

/// Runs a real program in a detached tmux session so tests can type at it and read its
/// screen, as a customer would see it.
///
/// Each session gets its own tmux server (`-L`) and a config that turns the status bar
/// off (the pane is exactly `width`×`height`) and keeps the pane after the program exits
/// (its last screen and exit status stay readable).
final class TmuxSession {
  let name: String
  private let socket: String
  private let configPath: String
  private var killed = false

  /// Starts `command` (a shell command line) in a `width`×`height` pane, with
  /// `environment` added to this process's. TERM defaults to tmux-256color.
  init(command: String, width: Int = 100, height: Int = 30, environment: [String: String] = [:])
    throws
  {
    let unique = "proxydash-\(getpid())-\(UUID().uuidString.prefix(8))"
    name = unique
    socket = unique
    configPath =
      FileManager.default.temporaryDirectory.appendingPathComponent("\(unique).conf").path
    try """
    set -g status off
    set -g remain-on-exit on
    set -g default-terminal tmux-256color
    set -g history-limit 0
    """.write(toFile: configPath, atomically: true, encoding: .utf8)

    var settings = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]
    settings.merge(environment) { _, new in new }
    let assignments = settings.sorted { $0.key < $1.key }.map {
      Self.quote("\($0.key)=\($0.value)")
    }
    let line = (["exec", "env"] + assignments + ["/bin/sh", "-c", Self.quote(command)]).joined(
      separator: " ")
    try tmux([
      "-f", configPath, "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", line,
    ])
  }

  deinit { kill() }

  /// Presses keys by tmux name: `Enter`, `Escape`, `Tab`, `BTab`, `Up`, `C-c`, `F5`, or
  /// single characters such as `3` or `q`.
  func send(keys: [String]) throws {
    try tmux(["send-keys", "-t", name] + keys)
  }

  /// Types `text` literally, whatever it contains (`Enter` is five letters here).
  func type(_ text: String) throws {
    try tmux(["send-keys", "-t", name, "-l", text])
  }

  /// Pastes `text` as a terminal does: between bracketed paste's markers when the
  /// program asked for them (ESC[?2004h), else as plain keys.
  func paste(_ text: String) throws {
    try tmux(["set-buffer", "-b", "test-paste", "--", text])
    try tmux(["paste-buffer", "-p", "-d", "-b", "test-paste", "-t", name])
  }

  /// The visible screen, one line per row, trailing spaces removed.
  func capture() throws -> String {
    try tmux(["capture-pane", "-p", "-t", name])
  }

  /// Polls the screen every 50 ms until it shows `text` or `timeout` has passed.
  func waitFor(_ text: String, timeout: Duration = .seconds(30)) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
      if let screen = try? capture(), screen.contains(text) { return true }
      if clock.now >= deadline { return false }
      Thread.sleep(forTimeInterval: 0.05)
    }
  }

  /// Resizes the window (the program receives SIGWINCH).
  func resize(width: Int, height: Int) throws {
    try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
  }

  /// The program's exit status once it has ended, nil while it runs.
  func exitStatus() throws -> Int32? {
    let state = try tmux(["display-message", "-p", "-t", name, "#{pane_dead} #{pane_dead_status}"])
    let parts = state.split(whereSeparator: \.isWhitespace)
    guard parts.first == "1", parts.count > 1 else { return nil }
    return Int32(parts[1])
  }

  /// Ends the program and its tmux server. Safe to call more than once.
  func kill() {
    guard !killed else { return }
    killed = true
    _ = try? tmux(["kill-server"])
    try? FileManager.default.removeItem(atPath: configPath)
  }

  /// Runs one tmux client command and returns what it printed.
  ///
  /// Not Foundation's `Process`: `new-session` forks the tmux server, which inherits the
  /// descriptor `Process` watches for the child's exit, so waiting never ends. A plain
  /// posix_spawn with stdout and stderr in a file and waitpid does not have that problem.
  @discardableResult
  private func tmux(_ arguments: [String]) throws -> String {
    let outputPath = configPath + ".\(UUID().uuidString.prefix(8)).out"
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    let status = try Self.spawn(["tmux", "-L", socket] + arguments, outputPath: outputPath)
    let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    guard status == 0 else { throw TmuxError(arguments: arguments, status: status, output: text) }
    return text
  }

  /// Runs a program found on PATH, its output into `outputPath`, with default signal
  /// handling; returns its exit status.
  private static func spawn(_ arguments: [String], outputPath: String) throws -> Int32 {
    ChildProcess.wait(try ChildProcess.start(arguments, outputPath: outputPath, truncating: true))
  }

  /// Single-quotes `text` for /bin/sh.
  static func quote(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}

@Suite struct TmuxHarnessTests {
  @Test func seesWhatAProgramPrints() throws {
    let session = try TmuxSession(command: "printf hello; sleep 5", width: 40, height: 10)
    defer { session.kill() }
    #expect(session.waitFor("hello", timeout: .seconds(5)))
    #expect(try session.exitStatus() == nil)
  }

  @Test func typesLiterallyAndSeesTheExitStatus() throws {
    let session = try TmuxSession(
      command: "read line; echo \"got $line from $GREETING\"; (exit 3); echo \"status=$?\"", width: 40,
      height: 10,
      environment: ["GREETING": "it's me"])
    defer { session.kill() }
    try session.type("Enter 'quoted'")
    try session.send(keys: ["Enter"])
    #expect(session.waitFor("got Enter 'quoted' from it's me", timeout: .seconds(5)))
    // The exit status is read from the shell: tmux's pane_dead lags on a loaded machine.
    #expect(session.waitFor("status=3", timeout: .seconds(30)))
  }
}
