import ArgumentParser
import Dashboard
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

  func run() throws {
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
    let service: ProxyDashService
    let account: SSHSessionAccount
    do {
      service = try Launch.openStore(folder, clock: SystemClock())
      account = try service.startSSHSession(keyID: keyId)
    } catch {
      throw Exit.failure(error.description)
    }
    defer { service.store.close() }
    let runtime = Runtime(state: AppState(width: 80, height: 24, ascii: ascii), service: service)
    do {
      try runtime.logIn(as: account.email)
    } catch {
      throw Exit.failure(error.description)
    }
    var display = try DisplayOptions.parse([])
    display.ascii = ascii
    try Interactive.run(runtime, display: display, overSSH: true)
  }
}

/// What a dropped connection does to a session.
enum SshSignals {
  /// A dropped connection (SIGHUP) must not end the process half way through a key's
  /// work: the terminal's end shows up as the end of input instead, and the loop
  /// finishes the key it is on, then leaves. (A process killed anyway loses only an
  /// uncommitted transaction, and a charge it left open is settled at the next open.)
  static func ignoreHangUp() {
    signal(SIGHUP, SIG_IGN)
    signal(SIGPIPE, SIG_IGN)
  }
}
