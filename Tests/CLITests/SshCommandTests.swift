import Foundation
import Storage
import Testing

/// R30 through the real binary, without sshd: `ssh add-key`, `ssh authorized-keys`,
/// `ssh sshd-config` and the forced command's refusals.
@Suite struct SshCommandTests {
  /// A demo store with ava's and ben's keys registered, and a key nobody registered.
  final class KeyedStore {
    let folder: URL
    let store: URL
    let ava: URL
    let ben: URL
    let stranger: URL

    init() throws {
      folder = try Binary.temporaryFolder("ssh")
      store = folder.appendingPathComponent("store")
      let made = try Binary.run([
        "init", store.path, "--from", Binary.repository.appendingPathComponent("demo-data").path,
      ])
      try #require(made.status == 0, "init failed: \(made.error)")
      ava = try Self.keygen(in: folder, name: "ava")
      ben = try Self.keygen(in: folder, name: "ben")
      stranger = try Self.keygen(in: folder, name: "stranger")
      for (email, key) in [("ava@example.com", ava), ("ben@example.com", ben)] {
        let added = try Binary.run(["ssh", "add-key", email, key.path + ".pub", "--data", store.path])
        try #require(added.status == 0, "add-key failed: \(added.error)")
      }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A new ed25519 key pair; returns the private key's path (`.pub` beside it).
    static func keygen(in folder: URL, name: String) throws -> URL {
      let file = folder.appendingPathComponent(name)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
      process.arguments = ["-q", "-t", "ed25519", "-N", "", "-C", "\(name)@test", "-f", file.path]
      process.standardInput = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      try #require(process.terminationStatus == 0)
      return file
    }

    func publicKey(_ key: URL) throws -> (type: String, base64: String) {
      let fields = try String(contentsOf: key.appendingPathExtension("pub"), encoding: .utf8).split(
        separator: " ")
      return (String(fields[0]), String(fields[1]))
    }
  }

  @Test func R30_addKeyPrintsTheFingerprintAndRefusesADuplicate() throws {
    let keyed = try KeyedStore()
    let again = try Binary.run([
      "ssh", "add-key", "ben@example.com", keyed.ava.path + ".pub", "--data", keyed.store.path,
    ])
    #expect(again.status == 1)
    #expect(again.error.contains("opens another account"))
    let added = try Binary.run([
      "ssh", "add-key", "cara@example.com", keyed.stranger.path + ".pub", "--data", keyed.store.path,
    ])
    #expect(added.status == 0)
    #expect(added.output.hasPrefix("Added ssh-ed25519 SHA256:"))
    #expect(added.output.contains("for cara@example.com"))
  }

  @Test func R30_addKeyRefusesAFileThatIsNotOneKey() throws {
    let keyed = try KeyedStore()
    // The private key, by mistake.
    let wrong = try Binary.run([
      "ssh", "add-key", "ava@example.com", keyed.stranger.path, "--data", keyed.store.path,
    ])
    #expect(wrong.status == 1)
    #expect(wrong.error.contains("exactly one public key line"))
    let unknown = try Binary.run([
      "ssh", "add-key", "nobody@example.com", keyed.stranger.path + ".pub", "--data", keyed.store.path,
    ])
    #expect(unknown.status == 1)
    #expect(unknown.error.contains("There is no account nobody@example.com"))
  }

  @Test func R30_authorizedKeysPrintsARestrictedForcedCommandForTheKeyOnly() throws {
    let keyed = try KeyedStore()
    let key = try keyed.publicKey(keyed.ava)
    let served = try Binary.run(["ssh", "authorized-keys", "--data", keyed.store.path, key.type, key.base64])
    #expect(served.status == 0)
    let lines = served.output.split(separator: "\n")
    #expect(lines.count == 1)
    let binary = Binary.proxydash.resolvingSymlinksInPath().path
    let expected =
      "restrict,pty,command=\"\(binary) ssh session --data \(keyed.store.standardizedFileURL.path) --key-id 1\" \(key.type) \(key.base64)"
    #expect(lines.first.map(String.init) == expected)

    let strangerKey = try keyed.publicKey(keyed.stranger)
    let none = try Binary.run([
      "ssh", "authorized-keys", "--data", keyed.store.path, strangerKey.type, strangerKey.base64,
    ])
    #expect(none.status == 0)
    #expect(none.output.isEmpty)
    // The type sshd offers must match the registered one.
    let mismatched = try Binary.run([
      "ssh", "authorized-keys", "--data", keyed.store.path, "ssh-rsa", key.base64,
    ])
    #expect(mismatched.output.isEmpty)

    let all = try Binary.run(["ssh", "authorized-keys", "--data", keyed.store.path])
    #expect(all.output.split(separator: "\n").count == 2)
    #expect(all.output.contains("--key-id 2\" ssh-ed25519 \(try keyed.publicKey(keyed.ben).base64)"))
  }

  @Test func R30_authorizedKeysChangesNothingInTheStore() throws {
    let keyed = try KeyedStore()
    let database = keyed.store.appendingPathComponent(Store.databaseFileName)
    let before = try Data(contentsOf: database)
    let listing = try FileManager.default.contentsOfDirectory(atPath: keyed.store.path).sorted()
    let key = try keyed.publicKey(keyed.ava)
    for _ in 0..<3 {
      #expect(
        try Binary.run(["ssh", "authorized-keys", "--data", keyed.store.path, key.type, key.base64]).status
          == 0)
    }
    #expect(try Data(contentsOf: database) == before)
    // Only what any WAL reader opens: the shared-memory index and an empty log.
    let added = Set(try FileManager.default.contentsOfDirectory(atPath: keyed.store.path)).subtracting(
      listing)
    #expect(added.isSubset(of: [Store.databaseFileName + "-shm", Store.databaseFileName + "-wal"]))
    let wal = keyed.store.appendingPathComponent(Store.databaseFileName + "-wal").path
    #expect(((try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0) == 0)
  }

  @Test func R30_authorizedKeysOnAMissingStoreCreatesNothing() throws {
    let folder = try Binary.temporaryFolder("ssh-missing")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store")
    let served = try Binary.run(["ssh", "authorized-keys", "--data", store.path, "ssh-ed25519", "AAAA"])
    #expect(served.status == 1)
    #expect(served.output.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: store.path))
  }

  @Test func R30_aCommandWithoutATerminalIsRefusedInOneLine() throws {
    let keyed = try KeyedStore()
    let refused = try Binary.run(
      ["ssh", "session", "--data", keyed.store.path, "--key-id", "1"],
      environment: ["SSH_ORIGINAL_COMMAND": "cat /etc/passwd"])
    #expect(refused.status == 1)
    #expect(refused.output.isEmpty)
    #expect(refused.error.split(separator: "\n").count == 1)
    #expect(refused.error.contains("commands are not run"))
    // Refused before the store was touched: the key was not used.
    let key = try keyed.publicKey(keyed.ava)
    #expect(try SSHKeyLookup.keys(in: keyed.store, base64: key.base64).first?.lastUsedAt == nil)
  }

  @Test func R30_sshdConfigHasEverySafetySettingAndRefusesUnsafeValues() throws {
    let config = try Binary.run([
      "ssh", "sshd-config", "--data", "/var/lib/proxydash/store", "--user", "proxydash", "--port", "2222",
      "--listen", "127.0.0.1",
    ])
    #expect(config.status == 0)
    let binary = Binary.proxydash.resolvingSymlinksInPath().path
    for line in [
      "Port 2222", "ListenAddress 127.0.0.1", "AuthenticationMethods publickey", "PasswordAuthentication no",
      "KbdInteractiveAuthentication no", "AuthorizedKeysFile none",
      "AuthorizedKeysCommand \(binary) ssh authorized-keys --data /var/lib/proxydash/store %t %k",
      "AuthorizedKeysCommandUser proxydash", "AllowUsers proxydash", "DisableForwarding yes",
      "AllowTcpForwarding no", "AllowStreamLocalForwarding no", "AllowAgentForwarding no", "X11Forwarding no",
      "PermitTunnel no", "PermitUserRC no", "PermitTTY yes", "PermitRootLogin no",
    ] {
      #expect(config.output.split(separator: "\n").contains(Substring(line)), "missing: \(line)")
    }
    for bad in [
      ["--data", "/srv/my store"], ["--data", "/srv/a\"b"], ["--user", "root; rm"], ["--port", "70000"],
      ["--listen", "0.0.0.0 # x"],
    ] {
      var arguments = ["ssh", "sshd-config", "--data", "/srv/store", "--user", "proxydash"]
      arguments += bad
      let refused = try Binary.run(arguments)
      #expect(refused.status == 2, "accepted \(bad)")
      #expect(refused.output.isEmpty)
    }
  }

  @Test func R30_removeKeyRevokesItAtTheNextAttempt() throws {
    let keyed = try KeyedStore()
    let listed = try Binary.run(["ssh", "list-keys", "ava@example.com", "--data", keyed.store.path])
    #expect(listed.status == 0)
    let fields = listed.output.split(separator: " ")
    try #require(fields.count > 2, "list-keys printed: \(listed.output)")
    let fingerprint = String(fields[0])
    #expect(fingerprint.hasPrefix("SHA256:"))
    #expect(listed.output.contains("ava@test (ssh-ed25519)"))
    #expect(listed.output.contains("last used never"))

    let elsewhere = try Binary.run([
      "ssh", "remove-key", "ben@example.com", fingerprint, "--data", keyed.store.path,
    ])
    #expect(elsewhere.status == 1)
    let removed = try Binary.run([
      "ssh", "remove-key", "ava@example.com", fingerprint, "--data", keyed.store.path,
    ])
    #expect(removed.status == 0)
    let key = try keyed.publicKey(keyed.ava)
    let served = try Binary.run(["ssh", "authorized-keys", "--data", keyed.store.path, key.type, key.base64])
    #expect(served.status == 0)
    #expect(served.output.isEmpty)
    // The removed key's session, had sshd accepted it just before, opens nothing.
    let listedAfter = try Binary.run(["ssh", "list-keys", "ava@example.com", "--data", keyed.store.path])
    #expect(listedAfter.output.isEmpty)
  }

  @Test func R30_aStorePathSshdCouldMisreadIsRefused() throws {
    let keyed = try KeyedStore()
    let spaced = keyed.folder.appendingPathComponent("my store")
    try FileManager.default.moveItem(at: keyed.store, to: spaced)
    let key = try keyed.publicKey(keyed.ava)
    let served = try Binary.run(["ssh", "authorized-keys", "--data", spaced.path, key.type, key.base64])
    #expect(served.status == 1)
    #expect(served.output.isEmpty)
    #expect(served.error.contains("cannot go into sshd's configuration"))
  }
}
