import GRDB

extension StoreSchema {
  /// Failed log-ins by the case-folded email they named, whether or not an account has
  /// it (R24): an unknown email then locks exactly as a known one, so a lock tells
  /// nothing. Rows older than the policy's window are pruned at each failure. The lock
  /// columns of `credentials` are no longer read; a lock they held moves here.
  static func createLoginFailures(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE login_failures (
          email_key TEXT NOT NULL,
          at REAL NOT NULL
        );
        CREATE INDEX login_failures_by_email ON login_failures(email_key, at);
        CREATE TABLE login_locks (
          email_key TEXT PRIMARY KEY NOT NULL,
          locked_until REAL NOT NULL
        );
        INSERT INTO login_locks(email_key, locked_until)
          SELECT accounts.email_key, credentials.locked_until
          FROM credentials JOIN accounts ON accounts.id = credentials.account_id
          WHERE credentials.locked_until IS NOT NULL;
        """)
  }
}
