import Billing
import Foundation
import Testing

@testable import Storage

/// R25a on a store written before proxy passwords were kept readable: the migration adds
/// the column, leaves older users' hashes as they were and without a readable password,
/// and users added or changed afterwards keep theirs.
@Suite struct ProxyPasswordSecretMigrationTests {
  static let t0 = Date(timeIntervalSinceReferenceDate: 786_000_000)  // 2025-11-28 05:20 UTC
  static let hash = PasswordHash(
    algorithm: "test", iterations: 1, salt: Data([1, 2]), hash: Data([3, 4]))

  static func user(_ id: String, _ name: String) -> ProxyUser {
    ProxyUser(id: id, product: .residential, name: name, createdAt: t0)
  }

  @Test func R25a_migrationKeepsOlderUsersHashedWithNoReadablePassword() throws {
    let store = try Store.temporary()
    let directory = store.directory
    defer { try? FileManager.default.removeItem(at: directory) }
    try store.write { session in
      try session.insertAccount(Account(id: "ava", email: "ava@example.com", createdAt: Self.t0))
      // The store as an earlier build left it: no secret column, the migration not run.
      try session.execute(
        """
        ALTER TABLE proxy_users DROP COLUMN password_secret;
        DELETE FROM grdb_migrations WHERE identifier = '\(ProxyPasswordSecretSchema.identifier)';
        """)
      try session.execute(
        """
        INSERT INTO proxy_users(id, account_id, product, name, name_key, password_algorithm,
          password_iterations, password_salt, password_hash, limit_bytes, created_at, paused)
        VALUES ('ava-u1', 'ava', 'residential', 'old-user', 'old-user', 'test', 1, ?, ?, NULL, 0, 0)
        """, [Self.hash.salt, Self.hash.hash])
    }
    store.close()

    let reopened = try Store.open(at: directory)
    defer { reopened.close() }
    let old = try reopened.read { try $0.proxyUser(id: "ava-u1", accountID: "ava") }
    #expect(old?.secret == nil)
    #expect(old?.password == Self.hash)
    try reopened.write { session in
      try session.insertProxyUser(
        StoredProxyUser(
          user: Self.user("ava-u2", "new-user"), accountID: "ava", password: Self.hash,
          secret: "new-secret-1"))
      try session.setProxyUserPassword(
        id: "ava-u1", accountID: "ava", password: Self.hash, secret: "changed-secret")
    }
    let users = try reopened.read { try $0.proxyUsers(accountID: "ava") }
    #expect(users.map(\.secret) == ["changed-secret", "new-secret-1"])
  }
}
