import GRDB

/// The store's tables, created and evolved by one `DatabaseMigrator`. GRDB records the
/// applied migration identifiers in `grdb_migrations`; a store holding identifiers this
/// build does not know was written by a newer ProxyDash and is refused, never migrated down.
///
/// Instants are REAL seconds since Foundation's reference date (2001-01-01 UTC) so that
/// every `Date` round-trips exactly; money is integer minor units; traffic integer bytes.
enum StoreSchema {
  /// Built once: every open consults it (and a demo start twice), and registering two
  /// dozen migrations each time showed in start-up profiles.
  static let migrator: DatabaseMigrator = {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-core", migrate: createCore)
    UsageStore.registerMigrations(in: &migrator)
    migrator.registerMigration(MoneyTrailSchema.identifier, migrate: MoneyTrailSchema.migrate)
    migrator.registerMigration("login-failures", migrate: createLoginFailures)
    migrator.registerMigration("store-id", migrate: addStoreID)
    migrator.registerMigration("v2-billing-queue", migrate: createBillingQueue)
    migrator.registerMigration("v3-proxy-endpoints", migrate: createProxyEndpoints)
    migrator.registerMigration(
      PausedProxyUsersSchema.identifier, migrate: PausedProxyUsersSchema.migrate)
    migrator.registerMigration(SSHKeySchema.identifier, migrate: SSHKeySchema.migrate)
    migrator.registerMigration(InvoiceSchema.identifier, migrate: InvoiceSchema.migrate)
    migrator.registerMigration(WhitelistSchema.identifier, migrate: WhitelistSchema.migrate)
    migrator.registerMigration(CancelReasonSchema.identifier, migrate: CancelReasonSchema.migrate)
    migrator.registerMigration(
      ProxyPasswordSecretSchema.identifier, migrate: ProxyPasswordSecretSchema.migrate)
    return migrator
  }()

  private static func createCore(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE meta (
          key TEXT PRIMARY KEY NOT NULL,
          value TEXT NOT NULL
        );
        CREATE TABLE plans (
          id TEXT PRIMARY KEY NOT NULL,
          name TEXT NOT NULL,
          product TEXT NOT NULL CHECK (product IN ('residential', 'datacenter')),
          rank INTEGER NOT NULL,
          allowance_bytes INTEGER NOT NULL CHECK (allowance_bytes > 0),
          price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
          currency TEXT NOT NULL,
          included_proxy_users INTEGER NOT NULL,
          refundable INTEGER NOT NULL
        );
        CREATE TABLE tax_rates (
          country TEXT PRIMARY KEY NOT NULL,
          name TEXT NOT NULL,
          vat_basis_points INTEGER NOT NULL,
          eu INTEGER NOT NULL
        );
        CREATE TABLE coupons (
          code TEXT PRIMARY KEY NOT NULL,
          discount_kind TEXT NOT NULL CHECK (discount_kind IN ('percent', 'fixed')),
          percent_basis_points INTEGER,
          fixed_minor INTEGER,
          currency TEXT,
          recurring INTEGER NOT NULL,
          expires REAL,
          product TEXT
        );
        CREATE TABLE accounts (
          id TEXT PRIMARY KEY NOT NULL,
          email TEXT NOT NULL,
          email_key TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          company TEXT NOT NULL,
          country TEXT NOT NULL,
          vat_id TEXT,
          time_zone TEXT NOT NULL,
          created_at REAL NOT NULL,
          first_plan_change_at REAL,
          version INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE credentials (
          account_id TEXT PRIMARY KEY NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          algorithm TEXT NOT NULL,
          iterations INTEGER NOT NULL,
          salt BLOB NOT NULL,
          hash BLOB NOT NULL,
          failed_attempts INTEGER NOT NULL DEFAULT 0,
          locked_until REAL
        );
        CREATE TABLE subscriptions (
          id TEXT PRIMARY KEY NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          product TEXT NOT NULL,
          plan_id TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('active', 'cancelled', 'pastDue', 'ended', 'refunded')),
          anchor REAL NOT NULL,
          period_index INTEGER NOT NULL,
          period_start REAL NOT NULL,
          period_end REAL NOT NULL,
          auto_renew INTEGER NOT NULL,
          allowance_bytes INTEGER NOT NULL,
          transferred_bytes INTEGER NOT NULL,
          extra_bytes INTEGER NOT NULL,
          used_bytes INTEGER NOT NULL,
          coupon_json TEXT,
          extra_proxy_users INTEGER NOT NULL,
          reminder_sent_for REAL,
          warnings_sent_json TEXT NOT NULL,
          past_due_since REAL,
          retries_done INTEGER NOT NULL,
          ended_at REAL,
          origin_order_id TEXT NOT NULL
        );
        CREATE INDEX subscriptions_by_account ON subscriptions(account_id, position);
        -- What may be kept of a payment method (R16): never a card number or security code.
        CREATE TABLE payment_methods (
          subscription_id TEXT PRIMARY KEY NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
          kind TEXT NOT NULL CHECK (kind IN ('card', 'payPal', 'btc')),
          brand TEXT,
          last4 TEXT CHECK (last4 IS NULL OR length(last4) = 4),
          expiry_month INTEGER,
          expiry_year INTEGER,
          holder TEXT,
          token TEXT,
          paypal_email TEXT
        );
        CREATE TABLE orders (
          id TEXT PRIMARY KEY NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          kind_json TEXT NOT NULL,
          product TEXT NOT NULL,
          plan_id TEXT NOT NULL,
          subscription_id TEXT NOT NULL,
          invoice_json TEXT NOT NULL,
          payment_method_json TEXT NOT NULL,
          created_at REAL NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('paid', 'declined', 'refunded')),
          total_minor INTEGER NOT NULL,
          currency TEXT NOT NULL
        );
        CREATE INDEX orders_by_account ON orders(account_id, position);
        CREATE TABLE refunds (
          id TEXT PRIMARY KEY NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          order_id TEXT NOT NULL,
          subscription_id TEXT NOT NULL,
          amount_minor INTEGER NOT NULL,
          currency TEXT NOT NULL,
          payment_method_json TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'refunded')),
          requested_at REAL NOT NULL,
          approved_at REAL,
          completes_at REAL NOT NULL,
          completed_at REAL
        );
        CREATE TABLE coupon_redemptions (
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          code TEXT NOT NULL,
          order_id TEXT NOT NULL,
          redeemed_at REAL NOT NULL,
          PRIMARY KEY (account_id, code)
        );
        -- A charge is recorded (status 'intent') before the gateway is asked, so a
        -- process killed in between is resolved by asking again with the same key.
        CREATE TABLE charges (
          idempotency_key TEXT PRIMARY KEY NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          order_id TEXT,
          amount_minor INTEGER NOT NULL,
          currency TEXT NOT NULL,
          payment_method_json TEXT NOT NULL,
          description TEXT NOT NULL,
          purpose_json TEXT NOT NULL,
          account_version INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('intent', 'approved', 'declined', 'void')),
          decline_reason TEXT,
          created_at REAL NOT NULL,
          resolved_at REAL
        );
        CREATE INDEX charges_by_status ON charges(status);
        -- The local gateway's own book: what it answered per key, kept across restarts.
        CREATE TABLE gateway_ledger (
          idempotency_key TEXT PRIMARY KEY NOT NULL,
          amount_minor INTEGER NOT NULL,
          currency TEXT NOT NULL,
          approved INTEGER NOT NULL,
          reason TEXT,
          answered_at REAL NOT NULL
        );
        CREATE TABLE proxy_users (
          id TEXT PRIMARY KEY NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          product TEXT NOT NULL,
          name TEXT NOT NULL,
          name_key TEXT NOT NULL,
          password_algorithm TEXT NOT NULL,
          password_iterations INTEGER NOT NULL,
          password_salt BLOB NOT NULL,
          password_hash BLOB NOT NULL,
          limit_bytes INTEGER,
          created_at REAL NOT NULL,
          UNIQUE (account_id, product, name_key)
        );
        CREATE TABLE events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          date REAL NOT NULL,
          kind TEXT NOT NULL,
          subscription_id TEXT,
          summary TEXT NOT NULL
        );
        CREATE INDEX events_by_account ON events(account_id, date);
        CREATE TABLE outbox (
          id TEXT PRIMARY KEY NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          sequence INTEGER NOT NULL,
          kind TEXT NOT NULL,
          date REAL NOT NULL,
          sender TEXT NOT NULL,
          recipient TEXT NOT NULL,
          subject TEXT NOT NULL,
          body TEXT NOT NULL,
          subscription_id TEXT,
          file TEXT NOT NULL UNIQUE,
          read INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX outbox_by_account ON outbox(account_id, date);
        """)
  }
}

extension StoreSchema {
  /// What a billing run (R28) needs to touch only the accounts that are due and to bill
  /// each by exactly one runner: an indexed next-due moment per account, and a lease
  /// (`claimed_by` until `claimed_until`) taken with a conditional UPDATE, so a second
  /// runner skips a claimed account instead of waiting, and a killed runner's lease
  /// simply expires.
  ///
  /// Rows that exist already get moment 0 (2001-01-01): "not computed yet", so the
  /// first run looks at each of them once and stores its real moment.
  fileprivate static func createBillingQueue(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE accounts ADD COLUMN next_due_at REAL;
        ALTER TABLE accounts ADD COLUMN claimed_by TEXT;
        ALTER TABLE accounts ADD COLUMN claimed_until REAL;
        UPDATE accounts SET next_due_at = 0;
        CREATE INDEX accounts_by_next_due ON accounts(next_due_at) WHERE next_due_at IS NOT NULL;
        CREATE INDEX subscriptions_past_due ON subscriptions(state) WHERE state = 'pastDue';
        """)
  }

  /// Where each product's proxies are reached (R25a): catalog data, like the plans.
  fileprivate static func createProxyEndpoints(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE proxy_endpoints (
          product TEXT PRIMARY KEY NOT NULL CHECK (product IN ('residential', 'datacenter')),
          host TEXT NOT NULL,
          rotating_port INTEGER NOT NULL CHECK (rotating_port BETWEEN 1 AND 65535),
          sticky_first_port INTEGER NOT NULL CHECK (sticky_first_port BETWEEN 1 AND 65535),
          sticky_last_port INTEGER NOT NULL CHECK (sticky_last_port BETWEEN 1 AND 65535)
        );
        """)
  }
}

extension Store {
  /// The migrations this build knows, in order: a cached demo store built by a build
  /// with a different list must be rebuilt, not reused.
  public static var schemaIdentifiers: [String] { StoreSchema.migrator.migrations }
}
