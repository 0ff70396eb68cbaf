import Billing
import Foundation

/// Makes believable hourly traffic: low at night, a peak in the afternoon (in the
/// customer's time zone), quieter weekends, growth over the year, and noise from a
/// seeded generator, so the same files always give the same bytes.
enum DemoUsageGenerator {
  /// Share of a day's traffic per local hour, before normalising to a mean of 1.
  private static let hourShape: [Double] = [
    0.35, 0.28, 0.24, 0.22, 0.22, 0.26, 0.40, 0.65, 0.90, 1.10, 1.25, 1.35,
    1.40, 1.50, 1.65, 1.75, 1.70, 1.55, 1.40, 1.30, 1.20, 1.00, 0.75, 0.50,
  ]
  /// Sunday first, as `weekdayIndex` counts.
  private static let weekShape: [Double] = [0.60, 1.10, 1.15, 1.15, 1.10, 1.00, 0.70]

  private static let hourly: [Double] = normalised(hourShape)
  private static let weekly: [Double] = normalised(weekShape)

  private static func normalised(_ values: [Double]) -> [Double] {
    let mean = values.reduce(0, +) / Double(values.count)
    return values.map { $0 / mean }
  }

  /// One proxy user to generate traffic for.
  struct User {
    var id: String
    var name: String
    var product: Product
    var share: Double
  }

  /// Bytes per hour for each user (same order as `users`), hour `i` starting at
  /// `start + i hours`. Users of a product without a profile make no traffic.
  static func generate(
    users: [User], profiles: [UsageProfileEntry], start: Date, hourCount: Int, now: Date,
    timeZone: TimeZone, seed: UInt64, accountKey: String
  ) -> [[Int64]] {
    var offsets = [Double](repeating: 0, count: hourCount)
    var hour = 0
    while hour < hourCount {
      // Zone offsets change at most twice a year: look them up once a day.
      let offset = Double(
        timeZone.secondsFromGMT(for: start.addingTimeInterval(Double(hour) * 3600)))
      for i in hour..<min(hourCount, hour + 24) { offsets[i] = offset }
      hour += 24
    }
    let startSeconds = start.timeIntervalSince1970
    let nowSeconds = now.timeIntervalSince1970
    let accountSeed = seed ^ SplitMix64.hash(accountKey)

    return users.map { user in
      guard let profile = profiles.first(where: { $0.product == user.product }) else {
        return [Int64](repeating: 0, count: hourCount)
      }
      let totalShare = users.filter { $0.product == user.product }.reduce(0) { $0 + $1.share }
      let perHour = profile.gbPerDay / 24 * (totalShare > 0 ? user.share / totalShare : 0)
      let noise = min(max(profile.noise ?? 0.25, 0), 0.9)
      let growth = profile.growthPerYear ?? 0
      var random = SplitMix64(
        seed: accountSeed ^ (SplitMix64.hash(user.name) &* 0x2545_F491_4F6C_DD1D))
      var bytes = [Int64](repeating: 0, count: hourCount)
      var currentDay = Int.min
      var dayFactor = 1.0
      for i in 0..<hourCount {
        let seconds = startSeconds + Double(i) * 3600
        let local = seconds + offsets[i]
        let localDay = Int((local / 86_400).rounded(.down))
        let localHour = ((Int((local / 3600).rounded(.down)) % 24) + 24) % 24
        if localDay != currentDay {
          currentDay = localDay
          dayFactor = max(0.2, 1 + noise * random.symmetric())
        }
        let hourFactor = max(0.05, 1 + 0.8 * noise * random.symmetric())
        // 1 Jan 1970 was a Thursday: index 4 with Sunday as 0.
        let weekday = ((localDay + 4) % 7 + 7) % 7
        let trend = max(0.15, 1 + growth * (seconds - nowSeconds) / (365 * 86_400))
        let gigabytes =
          perHour * trend * hourly[localHour] * weekly[weekday] * dayFactor * hourFactor
        bytes[i] = Int64((gigabytes * Double(Traffic.bytesPerGB)).rounded())
      }
      return bytes
    }
  }
}
