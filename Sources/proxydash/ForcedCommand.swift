import Foundation
import Storage

#if canImport(Glibc)
  import Glibc
#endif

/// The command sshd forces on a key's session (R30). Everything in it comes from the
/// server: the binary, the store folder and the key's id. Nothing the client sends (a
/// command, an environment variable, a user name) can name another account or store.
struct ForcedCommand {
  let executable: String
  let dataFolder: String

  enum Problem: Error, CustomStringConvertible {
    case unsafePath(String)

    var description: String {
      switch self {
      case .unsafePath(let path):
        "\(path.debugDescription) cannot go into sshd's configuration: use an absolute path without spaces, quotes, backslashes, % or control characters."
      }
    }
  }

  init(executable: String, dataFolder: URL) throws(Problem) {
    let folder = dataFolder.standardizedFileURL.path
    for path in [executable, folder] where !Self.isPlainPath(path) { throw .unsafePath(path) }
    self.executable = executable
    self.dataFolder = folder
  }

  /// An absolute path made only of characters that mean themselves to sshd's config
  /// parser, its `%` tokens, its `command="…"` option and the login shell, so quoting
  /// never has to be trusted.
  static func isPlainPath(_ path: String) -> Bool {
    path.hasPrefix("/")
      && path.unicodeScalars.allSatisfy { scalar in
        scalar.value > 0x20 && scalar.value != 0x7F
          && !"\"'\\%#`$;&|<>(){}*?[]!~".unicodeScalars.contains(scalar)
      }
  }

  /// This binary's absolute path: sshd runs `AuthorizedKeysCommand` only by absolute
  /// path, and a session must run the same build that served its key.
  static func ownExecutable() throws(Problem) -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if length > 0 {
      return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    let argument = CommandLine.arguments.first ?? "proxydash"
    return URL(fileURLWithPath: argument).standardizedFileURL.path
  }

  /// What the login shell runs for key `keyID`.
  func sessionCommand(keyID: Int64) -> String {
    "\(executable) ssh session --data \(dataFolder) --key-id \(keyID)"
  }

  /// One `authorized_keys` line: `restrict` turns off every forwarding, agent, X11 and
  /// user rc; `pty` gives back only the terminal the dashboard needs.
  func authorizedKeysLine(for key: SSHKeyRecord) -> String {
    "restrict,pty,command=\"\(sessionCommand(keyID: key.id))\" \(key.type) \(key.base64)"
  }
}

/// A whole sshd_config for a dedicated instance that serves nothing but ProxyDash.
struct SshdConfigText {
  let text: String

  enum Problem: Error, CustomStringConvertible {
    case forcedCommand(ForcedCommand.Problem)
    case badUser(String)
    case badPort(Int)
    case badAddress(String)

    var description: String {
      switch self {
      case .forcedCommand(let problem): problem.description
      case .badUser(let user):
        "--user \(user.debugDescription) is not a user name (letters, digits, _ and -)."
      case .badPort(let port): "--port \(port) is not a port (1–65535)."
      case .badAddress(let address): "--listen \(address.debugDescription) is not an address."
      }
    }
  }

  init(
    executable: String, dataFolder: URL, user: String, port: Int, listenAddress: String, hostKey: String
  ) throws(Problem) {
    let command: ForcedCommand
    do {
      command = try ForcedCommand(executable: executable, dataFolder: dataFolder)
    } catch {
      throw .forcedCommand(error)
    }
    guard ForcedCommand.isPlainPath(hostKey) else { throw .forcedCommand(.unsafePath(hostKey)) }
    guard let first = user.unicodeScalars.first, first.properties.isLowercase || first == "_",
      user.count <= 32,
      user.unicodeScalars.allSatisfy({
        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
      })
    else { throw .badUser(user) }
    guard (1...65535).contains(port) else { throw .badPort(port) }
    guard !listenAddress.isEmpty,
      listenAddress.unicodeScalars.allSatisfy({
        $0.isASCII
          && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".:-[]".unicodeScalars.contains($0))
      })
    else { throw .badAddress(listenAddress) }
    text = """
      # A dedicated sshd for ProxyDash customers (SPEC R30), printed by
      # `proxydash ssh sshd-config`. Check it with: sshd -t -f THIS_FILE
      # Customers log in as \(user) with a key registered in their profile; the key picks
      # the account and a forced command opens its dashboard. No shell, no forwarding.
      Port \(port)
      ListenAddress \(listenAddress)
      HostKey \(hostKey)
      PidFile none

      # Keys only, and only the keys ProxyDash knows, looked up read-only per attempt.
      AllowUsers \(user)
      AuthenticationMethods publickey
      PubkeyAuthentication yes
      AuthorizedKeysFile none
      AuthorizedKeysCommand \(executable) ssh authorized-keys --data \(command.dataFolder) %t %k
      AuthorizedKeysCommandUser \(user)
      PasswordAuthentication no
      KbdInteractiveAuthentication no
      HostbasedAuthentication no
      PermitEmptyPasswords no
      PermitRootLogin no
      UsePAM no

      # A terminal for the dashboard, nothing else.
      PermitTTY yes
      DisableForwarding yes
      AllowTcpForwarding no
      AllowStreamLocalForwarding no
      AllowAgentForwarding no
      X11Forwarding no
      PermitTunnel no
      PermitListen none
      PermitOpen none
      GatewayPorts no
      PermitUserRC no
      PermitUserEnvironment no
      # The session draws box lines and symbols only under a UTF-8 locale, and none reaches
      # a forced command otherwise (it would draw ASCII). C.UTF-8 is built into glibc.
      SetEnv LANG=C.UTF-8
      MaxSessions 1
      PrintMotd no
      PrintLastLog no

      # Dropped connections end their session (the dashboard gets SIGHUP).
      ClientAliveInterval 30
      ClientAliveCountMax 3
      LoginGraceTime 30
      LogLevel VERBOSE

      """
  }
}
