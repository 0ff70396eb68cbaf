import Billing
import Foundation
import GRDB
import Storage

/// Writes the benchmark store: the usage migration, then the hourly rows in key order through
/// one prepared statement in one transaction with the journal and syncing off (a throwaway
/// file, so a crash just means building again), then the roll-ups in one `INSERT ... SELECT`
/// each, the same grouping `UsageStore.insert` maintains row by row.
enum StoreBuilder {
  static func build(at path: String, users: Int, hoursPerUser: Int, total: Int) throws {
    let partial = path + ".building"
    try? FileManager.default.removeItem(atPath: partial)
    let started = ContinuousClock.now
    let queue = try DatabaseQueue(path: partial)
    var migrator = DatabaseMigrator()
    UsageStore.registerMigrations(in: &migrator)
    try migrator.migrate(queue)
    try queue.writeWithoutTransaction { db in
      try db.execute(
        sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144")
      try db.inTransaction {
        let statement = try db.makeStatement(
          sql:
            "INSERT INTO usage_hourly (account_id, product, proxy_user, hour, bytes, cumulative_bytes) VALUES (?, ?, ?, ?, ?, ?)"
        )
        let lastHour = Int64(now.timeIntervalSince1970) / 3600 * 3600 - 3600
        let firstHour = lastHour - Int64(hoursPerUser - 1) * 3600
        var written = 0
        for user in 0..<users {
          let name = "user-" + String(format: "%05d", user)
          var runningSum: Int64 = 0
          for index in 0..<hoursPerUser where written < total {
            let hour = firstHour + Int64(index) * 3600
            let traffic = bytes(user: user, hour: hour)
            runningSum += traffic
            statement.setUncheckedArguments([
              accountID, product.rawValue, name, hour, traffic, runningSum,
            ])
            try statement.execute()
            written += 1
          }
        }
        return .commit
      }
      try db.inTransaction {
        try db.execute(
          sql: """
            INSERT INTO usage_daily (account_id, product, proxy_user, day, bytes)
              SELECT account_id, product, proxy_user, hour - hour % 86400, SUM(bytes)
              FROM usage_hourly GROUP BY 1, 2, 3, 4;
            INSERT INTO usage_users (account_id, product, proxy_user)
              SELECT DISTINCT account_id, product, proxy_user FROM usage_daily;
            INSERT INTO usage_hourly_total (account_id, product, hour, bytes)
              SELECT account_id, product, hour, SUM(bytes) FROM usage_hourly GROUP BY 1, 2, 3;
            INSERT INTO usage_daily_total (account_id, product, day, bytes)
              SELECT account_id, product, day, SUM(bytes) FROM usage_daily GROUP BY 1, 2, 3;
            """)
        return .commit
      }
    }
    try queue.close()
    try FileManager.default.moveItem(atPath: partial, toPath: path)
    print("Built \(path) in \(Timing.milliseconds(ContinuousClock.now - started) / 1000) s")
  }

  /// Up to ~40 MB an hour with a daily and weekly rhythm, varied per user.
  static func bytes(user: Int, hour: Int64) -> Int64 {
    let hourOfDay = Int((hour / 3600) % 24)
    let dayOfWeek = Int((hour / 86_400 + 4) % 7)  // 0 = Sunday
    let daytime: Int64 = (8..<22).contains(hourOfDay) ? 3 : 1
    let weekday: Int64 = (1...5).contains(dayOfWeek) ? 2 : 1
    var mix =
      UInt64(bitPattern: hour) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(user) &* 0xBF58_476D_1CE4_E5B9
    mix ^= mix >> 29
    return daytime * weekday * Int64(mix % 3_500_000) + Int64(user % 7) * 1_000
  }
}
