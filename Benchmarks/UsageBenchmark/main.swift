// Times the usage aggregations of R27 against DESIGN.md's budget: any range over 10 million
// hourly records in at most 50 ms (release build).
//
//   UsageBenchmark [records = 10_000_000] [proxy users = 1141]
//
// The store holds one account and product whose proxy users each have one record per hour
// for the most recent `records / users` hours before `now`. With the defaults that is 1,141
// users x 8,760 hours: one year, the worst shape for a year-long range, since every day of it
// holds a row per user. The built file is cached in /tmp and reused.
import Billing
import Foundation
import GRDB
import Storage

struct BenchmarkError: Error, CustomStringConvertible {
  var description: String
}

let arguments = CommandLine.arguments.dropFirst().map { $0.replacingOccurrences(of: "_", with: "") }
guard let records = arguments.first.map({ Int($0) }) ?? 10_000_000,
  let users = arguments.dropFirst().first.map({ Int($0) }) ?? 1_141, records > 0, users > 0
else {
  print("usage: UsageBenchmark [records] [proxy users]")
  exit(2)
}
let hoursPerUser = (records + users - 1) / users
let accountID = "acct-bench"
let product = Product.residential
/// A fixed "now" in the middle of a UTC day, so ranges have partial days at both edges.
let now = Date(timeIntervalSince1970: 1_795_267_800)  // 2026-11-21 13:30 UTC
/// Named after the layout it was built for, so a schema change never reuses a stale file.
let path = "/tmp/proxydash-usage-bench-running-sums-\(records)-\(users).sqlite"

do {
  if !FileManager.default.fileExists(atPath: path) {
    try StoreBuilder.build(at: path, users: users, hoursPerUser: hoursPerUser, total: records)
  } else {
    print("Reusing \(path)")
  }
  let queue = try DatabaseQueue(path: path)
  let store = UsageStore(database: queue)
  let count = try queue.read { db in
    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM usage_hourly") ?? 0
  }
  print("usage_hourly rows: \(count) (\(users) proxy users, up to \(hoursPerUser) hours each)")
  try Timing.run(store: store, queue: queue)
} catch {
  print("Benchmark failed: \(error)")
  exit(1)
}
