import Billing

/// The usage report as RFC 4180 CSV, for the export command.
///
/// One header for all rows keeps the file loadable as one table: `kind` says whether a row is
/// a chart bucket (`hour` or `day`) or a proxy user (`user`). Traffic is given in bytes, exact,
/// and in GB with three decimals, without thousands separators so spreadsheets read numbers.
enum UsageCSV {
  static let header = ["kind", "start", "proxy_user", "bytes", "gb"]

  static func text(for report: UsageReport, calendar: BillingCalendar) -> String {
    var lines = [row(header)]
    let kind = report.range.chartsHours ? "hour" : "day"
    for bucket in report.buckets {
      let start =
        report.range.chartsHours
        ? "\(calendar.isoDay(bucket.start)) \(twoDigits(calendar.hour(bucket.start))):00"
        : calendar.isoDay(bucket.start)
      lines.append(row([kind, start, "", String(bucket.traffic.bytes), gigabytes(bucket.traffic)]))
    }
    for user in report.byUser {
      lines.append(
        row(["user", "", user.proxyUser, String(user.traffic.bytes), gigabytes(user.traffic)]))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  /// A field is quoted when it holds a comma, a quote or a line break; quotes are doubled.
  static func field(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return text
    }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  private static func row(_ fields: [String]) -> String {
    fields.map(field).joined(separator: ",")
  }

  private static func gigabytes(_ traffic: Traffic) -> String {
    traffic.formatted(decimals: 3).replacingOccurrences(of: " GB", with: "")
      .replacingOccurrences(of: ",", with: "")
  }

  private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
