import Billing
import Foundation
import Testing

@testable import Storage

/// R24's lockout as the store keeps it: failed log-ins by email, pruned as they age.
@Suite struct LogInFailureTests {
  static let start = Date(timeIntervalSince1970: 1_768_046_400)
  static let window: TimeInterval = 15 * 60

  static func fail(_ session: StoreSession, _ email: String, at date: Date) throws -> Date? {
    try session.recordFailedLogIn(
      emailKey: email, at: date, window: window, limit: 5, lockDuration: window)
  }

  static func count(_ table: String, _ store: Store) throws -> Int? {
    try store.read { try $0.scalarInt("SELECT COUNT(*) FROM \(table)") }
  }

  /// Guessing many emails cannot grow the tables for long: what is past the window goes
  /// at the next failure, whichever email it names.
  @Test func R24_oldFailuresAndLocksArePruned() throws {
    let store = try Store.temporary()
    defer { store.discard() }
    defer { try? FileManager.default.removeItem(at: store.directory) }
    try store.write { (session: StoreSession) throws in
      for index in 0..<20 {
        #expect(try Self.fail(session, "guess\(index)@example.com", at: Self.start) == nil)
      }
      for _ in 0..<4 { #expect(try Self.fail(session, "zed@example.com", at: Self.start) == nil) }
      #expect(
        try Self.fail(session, "zed@example.com", at: Self.start)
          == Self.start.addingTimeInterval(Self.window))
    }
    #expect(try Self.count("login_failures", store) == 20)
    #expect(try Self.count("login_locks", store) == 1)
    #expect(
      try store.read { try $0.logInLock(emailKey: "zed@example.com", at: Self.start) }
        == Self.start.addingTimeInterval(Self.window))
    let later = Self.start.addingTimeInterval(Self.window)
    #expect(try store.read { try $0.logInLock(emailKey: "zed@example.com", at: later) } == nil)
    try store.write { session in _ = try Self.fail(session, "yan@example.com", at: later) }
    #expect(try Self.count("login_failures", store) == 1)
    #expect(try Self.count("login_locks", store) == 0)
  }

  @Test func R24_aSuccessClearsOnlyThatEmailsFailures() throws {
    let store = try Store.temporary()
    defer { store.discard() }
    defer { try? FileManager.default.removeItem(at: store.directory) }
    try store.write { (session: StoreSession) throws in
      for email in ["ava@example.com", "ben@example.com"] {
        for _ in 0..<4 { _ = try Self.fail(session, email, at: Self.start) }
      }
      try session.clearFailedLogIns(emailKey: "ava@example.com")
      #expect(try Self.fail(session, "ava@example.com", at: Self.start) == nil)
      #expect(try Self.fail(session, "ben@example.com", at: Self.start) != nil)
    }
  }

  /// A store from before this table kept its locks in `credentials`: a lock there still
  /// holds after the migration, under the account's email.
  @Test func R24_aLockAnOlderStoreKeptStillHolds() throws {
    let store = try Store.temporary()
    defer { store.discard() }
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let until = Self.start.addingTimeInterval(600)
    try store.write { session in
      try session.insertAccount(Account(id: "ava", email: "Ava@Example.com", createdAt: Self.start))
      try session.setCredentials(
        Credentials(
          password: PasswordHash(algorithm: "test", iterations: 1, salt: Data(), hash: Data())),
        accountID: "ava")
      // The store as an older build left it: no lockout tables, the lock in `credentials`.
      try session.execute(
        """
        DROP TABLE login_failures;
        DROP TABLE login_locks;
        DELETE FROM grdb_migrations WHERE identifier = 'login-failures';
        """)
      try session.execute(
        "UPDATE credentials SET failed_attempts = 0, locked_until = ?", [until.timeIntervalSinceReferenceDate]
      )
    }
    store.close()
    let migrated = try Store.open(at: store.directory)
    #expect(try migrated.read { try $0.logInLock(emailKey: "ava@example.com", at: Self.start) } == until)
  }
}
