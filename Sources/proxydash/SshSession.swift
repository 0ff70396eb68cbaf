import ArgumentParser
import Dashboard
import DashboardRuntime
import Foundation
import Services

#if canImport(Glibc)
  import Glibc
#endif

/// `proxydash ssh session --data DIR --key-id ID`: the forced command of a key's
/// `authorized_keys` line (R30). The account is the key's, read from the store; the
/// client chooses nothing but its terminal's size and type.
struct SshSession: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "session", abstract: "The dashboard for an SSH key's account (sshd's forced command).")

  @Option(help: "Store folder.")
  var data: String

  @Option(help: "The registered key sshd accepted.")
  var keyId: Int64

  @Flag(help: "ASCII borders and bars.")
  var ascii = false

  var request: SshSessionRequest { SshSessionRequest(data: data, keyID: keyId, ascii: ascii) }

  func run() throws { try request.run() }
}

/// What `ssh session` was asked, as plain values (see `OpenRequest`): every customer's
/// connection starts here, so it takes the quick way past ArgumentParser too.
struct SshSessionRequest: Equatable {
  var data: String
  var keyID: Int64
  var ascii = false

  func run() throws {
    StartupProbe.mark("arguments")
    // `ssh host cat /etc/passwd` without a terminal: nothing to draw on, so the command
    // the client asked for is refused in one line. With a terminal it is ignored.
    let asked = ProcessInfo.processInfo.environment["SSH_ORIGINAL_COMMAND"] ?? ""
    if isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0 {
      if !asked.isEmpty {
        throw Exit.failure(
          "This server only opens your ProxyDash dashboard; commands are not run. Connect with ssh -t.")
      }
      throw Exit.failure("The ProxyDash dashboard needs a terminal: connect with ssh -t.")
    }
    try checkTerminal()
    let folder = try storeFolder(data) ?? URL(fileURLWithPath: data)
    let (service, runtime) = try SshSession.start(folder: folder, keyID: keyID, ascii: ascii)
    defer { service.store.close() }
    try Interactive.run(runtime, display: DisplayChoice(ascii: ascii), overSSH: true)
  }
}

extension SshSession {
  /// How long a connecting customer waits, at most, for other sessions' writes.
  static let busyPatience: Duration = .seconds(15)

  /// Opens the store and logs the key's account in. Many customers connecting at once
  /// all write at log-in (the key's last use, the billing step), and one write waits
  /// only `Store.busyTimeout` for another: a busy store is tried again, with a growing
  /// pause, rather than dropping the customer.
  ///
  /// The store is checked by its header and schema (`.schema`), not page by page: it is
  /// the server's own, in use by every session, and the full check of every page for
  /// every connection is what made fifty simultaneous log-ins slow.
  static func start(folder: URL, keyID: Int64, ascii: Bool) throws -> (ProxyDashService, Runtime) {
    let clock = ContinuousClock()
    let deadline = clock.now + busyPatience
    var pause = Duration.milliseconds(50)
    while true {
      var service: ProxyDashService?
      do {
        let opened = try ProxyDashService.open(directory: folder, clock: SystemClock(), verification: .schema)
        service = opened
        let account = try opened.startSSHSession(keyID: keyID)
        let runtime = Runtime(state: AppState(width: 80, height: 24, ascii: ascii), service: opened)
        try runtime.logIn(as: account.email)
        return (opened, runtime)
      } catch .storeBusy where clock.now + pause < deadline {
        service?.store.close()
        Thread.sleep(
          forTimeInterval: Double(pause.components.attoseconds) / 1e18 + Double(pause.components.seconds))
        pause = min(pause * 2, .seconds(1))
      } catch {
        service?.store.close()
        throw Exit.failure(error.description)
      }
    }
  }
}
