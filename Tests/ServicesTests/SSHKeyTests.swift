import Billing
import Foundation
import Storage
import Testing

@testable import Services

/// R30: customers' SSH keys in the store, and the read-only lookup sshd runs.
@Suite struct SSHKeyTests {
  /// A fresh key pair from `ssh-keygen` and what `ssh-keygen -lf` says of it.
  struct GeneratedKey {
    let line: String
    let fingerprint: String
  }

  static func generateKey(type: String, bits: Int? = nil, comment: String = "test@host") throws
    -> GeneratedKey
  {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pd-keys-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("key").path
    var arguments = ["-q", "-t", type, "-N", "", "-C", comment, "-f", file]
    if let bits { arguments += ["-b", String(bits)] }
    _ = try run("/usr/bin/ssh-keygen", arguments)
    let listed = try run("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", file + ".pub"])
    let line = try String(contentsOfFile: file + ".pub", encoding: .utf8).trimmingCharacters(in: .newlines)
    return GeneratedKey(line: line, fingerprint: String(listed.split(separator: " ")[1]))
  }

  static func run(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "\(executable) \(arguments) failed")
    return String(decoding: output, as: UTF8.self)
  }

  @Test(
    arguments: [("ed25519", nil), ("ecdsa", 256), ("ecdsa", 384), ("ecdsa", 521), ("rsa", 3072)]
      as [(String, Int?)])
  func R30_fingerprintIsWhatSshKeygenPrints(type: String, bits: Int?) throws {
    let generated = try Self.generateKey(type: type, bits: bits)
    let key = try SSHPublicKey.parse(generated.line)
    #expect(SSHFingerprint.sha256(of: key) == generated.fingerprint)
  }

  @Test func R30_addedKeysAreListedWithFingerprintCommentAndLastUse() throws {
    let world = try TestWorld()
    let ava = try world.signUp()
    let generated = try Self.generateKey(type: "ed25519", comment: "ava@laptop")
    let added = try world.service.addSSHKey(accountID: ava.id, line: generated.line)
    #expect(added.fingerprint == generated.fingerprint)
    #expect(added.comment == "ava@laptop")
    #expect(added.addedAt == TestWorld.start)
    #expect(added.lastUsedAt == nil)
    #expect(try world.service.sshKeys(accountID: ava.id) == [added])

    world.clock.advance(by: 3600)
    let session = try world.service.startSSHSession(keyID: added.id)
    #expect(session == SSHSessionAccount(keyID: added.id, accountID: ava.id, email: "ava@example.com"))
    #expect(try world.service.sshKeys(accountID: ava.id).first?.lastUsedAt == TestWorld.start + 3600)
  }

  @Test func R30_aKeyBelongsToOneAccount() throws {
    let world = try TestWorld()
    let ava = try world.signUp()
    let ben = try world.signUp("ben@example.com")
    let generated = try Self.generateKey(type: "ed25519")
    let added = try world.service.addSSHKey(accountID: ava.id, line: generated.line)
    // The owner is told the key is there already; anyone else that it opens another
    // account (what to do next differs).
    expectError(.invalidInput("You have added this key already (\(generated.fingerprint)).")) {
      () throws(ServiceError) in try world.service.addSSHKey(accountID: ava.id, line: generated.line)
    }
    expectError(
      .invalidInput(
        "The key \(generated.fingerprint) opens another account; one key opens one account, so make a new key for this one."
      )
    ) { () throws(ServiceError) in try world.service.addSSHKey(accountID: ben.id, line: generated.line) }
    #expect(try world.service.sshKeys(accountID: ben.id).isEmpty)
    #expect(try world.service.sshKeys(accountID: ava.id) == [added])
  }

  @Test func R30_aMalformedKeyIsRefusedWithItsReason() throws {
    let world = try TestWorld()
    let ava = try world.signUp()
    expectError(.invalidInput(SSHPublicKey.Rejection.hasOptions.description)) { () throws(ServiceError) in
      try world.service.addSSHKey(accountID: ava.id, line: "no-pty ssh-ed25519 AAAA")
    }
    #expect(try world.service.sshKeys(accountID: ava.id).isEmpty)
  }

  @Test func R30_aRemovedKeyOpensNothing() throws {
    let world = try TestWorld()
    let ava = try world.signUp()
    let ben = try world.signUp("ben@example.com")
    let added = try world.service.addSSHKey(
      accountID: ava.id, line: try Self.generateKey(type: "ed25519").line)
    // Only the owner can remove it.
    expectError(.invalidInput("That SSH key is not registered to this account.")) { () throws(ServiceError) in
      try world.service.removeSSHKey(accountID: ben.id, keyID: added.id)
    }
    try world.service.removeSSHKey(accountID: ava.id, keyID: added.id)
    #expect(try world.service.sshKeys(accountID: ava.id).isEmpty)
    #expect(try SSHKeyLookup.keys(in: world.directory, base64: added.base64).isEmpty)
    expectError(.invalidInput("This SSH key is no longer registered to any account.")) {
      () throws(ServiceError) in
      try world.service.startSSHSession(keyID: added.id)
    }
    // A key added later never gets the removed key's id.
    let next = try world.service.addSSHKey(
      accountID: ava.id, line: try Self.generateKey(type: "ed25519").line)
    #expect(next.id > added.id)
  }

  @Test func R30_lookupFindsTheKeyByItsBlobOnly() throws {
    let world = try TestWorld()
    let ava = try world.signUp()
    let ben = try world.signUp("ben@example.com")
    let avaKey = try world.service.addSSHKey(
      accountID: ava.id, line: try Self.generateKey(type: "ed25519").line)
    let benKey = try world.service.addSSHKey(
      accountID: ben.id, line: try Self.generateKey(type: "ecdsa").line)
    #expect(try SSHKeyLookup.keys(in: world.directory, base64: avaKey.base64).map(\.accountID) == [ava.id])
    #expect(try SSHKeyLookup.keys(in: world.directory, base64: benKey.base64).map(\.accountID) == [ben.id])
    let stranger = try SSHPublicKey.parse(try Self.generateKey(type: "ed25519").line)
    #expect(try SSHKeyLookup.keys(in: world.directory, base64: stranger.base64).isEmpty)
    #expect(try SSHKeyLookup.keys(in: world.directory, base64: nil).map(\.id) == [avaKey.id, benKey.id])
  }

  /// The lookup runs before anyone is authenticated: it must not change a byte of the
  /// store, even one whose database is closed (no `-wal` left to replay).
  @Test func R30_lookupWritesNothing() throws {
    let world = try TestWorld()
    let ava = try world.signUp()
    let key = try world.service.addSSHKey(accountID: ava.id, line: try Self.generateKey(type: "ed25519").line)
    world.service.store.close()
    let database = world.directory.appendingPathComponent(Store.databaseFileName)
    let before = try Data(contentsOf: database)
    let listing = try FileManager.default.contentsOfDirectory(atPath: world.directory.path).sorted()
    #expect(try SSHKeyLookup.keys(in: world.directory, base64: key.base64).map(\.id) == [key.id])
    #expect(try Data(contentsOf: database) == before)
    let wal = world.directory.appendingPathComponent(Store.databaseFileName + "-wal").path
    let walSize = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
    #expect(walSize == 0)
    let after = try FileManager.default.contentsOfDirectory(atPath: world.directory.path).sorted()
    #expect(
      Set(after).subtracting(listing).isSubset(of: [
        Store.databaseFileName + "-shm", Store.databaseFileName + "-wal",
      ]))
  }

  @Test func R30_lookupOnAMissingOrForeignStoreFails() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pd-nostore-\(UUID().uuidString)")
    #expect(throws: StoreError.self) { try SSHKeyLookup.keys(in: folder, base64: nil) }
    #expect(!FileManager.default.fileExists(atPath: folder.path))
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent(Store.databaseFileName)
    try Data("not a database".utf8).write(to: file)
    #expect(throws: StoreError.self) { try SSHKeyLookup.keys(in: folder, base64: nil) }
    #expect(try Data(contentsOf: file) == Data("not a database".utf8))
  }
}
