import ArgumentParser
import Billing
import Foundation
import Services
import Storage

/// `proxydash ssh …`: serving the dashboard to customers over OpenSSH (SPEC R30,
/// DESIGN.md's command line).
struct Ssh: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Serve the dashboard over SSH: customers' keys, sshd's key lookup and config.",
    subcommands: [
      AddKey.self, ListKeys.self, RemoveKey.self, AuthorizedKeys.self, SshdConfig.self, SshSession.self,
    ])
}

/// `proxydash ssh add-key EMAIL PUBKEYFILE [--data DIR]`.
struct AddKey: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "add-key", abstract: "Register a public key (a .pub file) for the account EMAIL.")

  @Argument(help: "The account's email.")
  var email: String

  @Argument(help: "The public key file (one line, e.g. id_ed25519.pub; - reads stdin).")
  var publicKeyFile: String

  @Option(help: "Store folder (default as for the dashboard).")
  var data: String?

  func run() throws {
    let folder = try storeFolder(data) ?? Launch.defaultStoreFolder()
    let line: String
    do {
      let bytes =
        publicKeyFile == "-"
        ? FileHandle.standardInput.readDataToEndOfFile()
        : try Data(contentsOf: URL(fileURLWithPath: publicKeyFile))
      guard bytes.count <= SSHPublicKey.maximumLineLength, let text = String(data: bytes, encoding: .utf8)
      else {
        throw Exit.failure("\(publicKeyFile) is not a public key file (one line of text).")
      }
      let lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
      guard lines.count == 1 else {
        throw Exit.failure("\(publicKeyFile) must hold exactly one public key line, not \(lines.count).")
      }
      line = String(lines[0])
    } catch let error as ExitCode {
      throw error
    } catch {
      throw Exit.failure("Cannot read \(publicKeyFile): \(error.localizedDescription)")
    }
    do {
      let service = try Launch.openStore(folder, clock: SystemClock())
      defer { service.store.close() }
      let key = try service.addSSHKey(accountID: try service.accountID(email: email), line: line)
      print("Added \(key.type) \(key.fingerprint) for \(email).")
    } catch {
      throw Exit.failure(error.description)
    }
  }
}

/// `proxydash ssh list-keys EMAIL [--data DIR]`: what `ssh-keygen -lf` prints, plus
/// when each key was added and last used.
struct ListKeys: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list-keys", abstract: "List the account's SSH keys: fingerprint, comment, added, last use.")

  @Argument(help: "The account's email.")
  var email: String

  @Option(help: "Store folder (default as for the dashboard).")
  var data: String?

  func run() throws {
    let folder = try storeFolder(data) ?? Launch.defaultStoreFolder()
    do {
      let service = try Launch.openStore(folder, clock: SystemClock())
      defer { service.store.close() }
      for key in try service.sshKeys(accountID: try service.accountID(email: email)) {
        let used = key.lastUsedAt.map { BillingCalendar.utc.dateTimeText($0) } ?? "never"
        print(
          "\(key.fingerprint) \(key.comment.isEmpty ? "-" : key.comment) (\(key.type)) added \(BillingCalendar.utc.dateTimeText(key.addedAt)), last used \(used)"
        )
      }
    } catch {
      throw Exit.failure(error.description)
    }
  }
}

/// `proxydash ssh remove-key EMAIL FINGERPRINT [--data DIR]`: revokes a key; the next
/// connection attempt with it is refused by sshd.
struct RemoveKey: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "remove-key", abstract: "Revoke one of the account's SSH keys (by its SHA256 fingerprint).")

  @Argument(help: "The account's email.")
  var email: String

  @Argument(help: "The key's fingerprint as list-keys prints it (SHA256:…).")
  var fingerprint: String

  @Option(help: "Store folder (default as for the dashboard).")
  var data: String?

  func run() throws {
    let folder = try storeFolder(data) ?? Launch.defaultStoreFolder()
    do {
      let service = try Launch.openStore(folder, clock: SystemClock())
      defer { service.store.close() }
      let accountID = try service.accountID(email: email)
      guard
        let key = try service.sshKeys(accountID: accountID).first(where: { $0.fingerprint == fingerprint })
      else {
        throw Exit.failure("\(email) has no SSH key \(fingerprint) (see proxydash ssh list-keys \(email)).")
      }
      try service.removeSSHKey(accountID: accountID, keyID: key.id)
      print("Removed \(fingerprint) from \(email). Sessions already open go on until they end.")
    } catch let error as ExitCode {
      throw error
    } catch {
      throw Exit.failure("\(error)")
    }
  }
}

/// `proxydash ssh authorized-keys [--data DIR] [KEYTYPE KEY]`, for sshd's
/// `AuthorizedKeysCommand … %t %k`. Read-only and quick: it runs before every login.
struct AuthorizedKeys: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "authorized-keys",
    abstract:
      "authorized_keys lines (restrict,pty and a forced command) for the key sshd offers, or for all keys.")

  @Option(help: "Store folder (default as for the dashboard).")
  var data: String?

  @Argument(help: "The key type sshd offers (%t).")
  var keyType: String?

  @Argument(help: "The key, base64 (%k).")
  var key: String?

  func validate() throws {
    if keyType != nil && key == nil { throw ValidationError("Give both KEYTYPE and KEY, or neither.") }
  }

  func run() throws {
    let folder = try storeFolder(data) ?? Launch.defaultStoreFolder()
    let records: [SSHKeyRecord]
    do {
      records = try SSHKeyLookup.keys(in: folder, base64: key)
    } catch {
      throw Exit.failure(error.description)
    }
    let command: ForcedCommand
    do {
      command = try ForcedCommand(executable: try ForcedCommand.ownExecutable(), dataFolder: folder)
    } catch {
      throw Exit.failure("\(error)")
    }
    var output = ""
    for record in records where keyType == nil || record.type == keyType {
      output += command.authorizedKeysLine(for: record) + "\n"
    }
    FileHandle.standardOutput.write(Data(output.utf8))
  }
}

/// `proxydash ssh sshd-config --data DIR --user USER …`: a whole sshd_config for a
/// dedicated sshd that only ever runs ProxyDash.
struct SshdConfig: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sshd-config", abstract: "Print a complete sshd_config for a dedicated ProxyDash sshd.")

  @Option(help: "Store folder, an absolute path.")
  var data: String

  @Option(help: "The system user that owns the store and runs every session.")
  var user: String

  @Option(help: "Port to listen on.")
  var port = 2222

  @Option(help: "Address to listen on.")
  var listen = "0.0.0.0"

  @Option(help: "The host key file.")
  var hostKey = "/etc/proxydash/ssh_host_ed25519_key"

  func run() throws {
    let folder = try storeFolder(data) ?? URL(fileURLWithPath: data)
    do {
      let config = try SshdConfigText(
        executable: try ForcedCommand.ownExecutable(), dataFolder: folder, user: user, port: port,
        listenAddress: listen, hostKey: hostKey)
      print(config.text, terminator: "")
    } catch {
      throw Exit.usage("\(error)")
    }
  }
}
