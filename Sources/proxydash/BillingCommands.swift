import ArgumentParser
import Billing
import Foundation
import Services
import Storage

/// `proxydash billing run|status` (DESIGN.md, SPEC R28): billing without a dashboard.
struct BillingCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "billing", abstract: "Bill every account that is due, from a timer (R28).",
    subcommands: [BillingRun.self, BillingStatusCommand.self])
}

/// The options both billing commands share.
struct StoreOptions: ParsableArguments {
  @Option(help: "Store folder (default: as for the dashboard).")
  var data: String?

  @Option(help: "Bill as of this moment (ISO 8601; default: now).")
  var now: String?

  /// Opens an existing store: a billing command never creates one.
  func openService() throws -> ProxyDashService {
    let moment = try parseNow(now)
    let folder = data.map { URL(fileURLWithPath: $0) } ?? Launch.defaultStoreFolder()
    guard Store.exists(at: folder) else {
      throw Exit.failure("There is no ProxyDash store in \(folder.path).")
    }
    let clock: any Clock = moment.map { FixedClock($0) } ?? SystemClock()
    do {
      return try Launch.openStore(folder, clock: clock)
    } catch {
      throw Exit.failure(error.description)
    }
  }
}

struct BillingRun: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Bring every account up to now: renewals, reminders, retries, refunds, period ends.")

  @OptionGroup var store: StoreOptions

  @Flag(help: "End with one JSON object on the last line of stdout.")
  var json = false

  func run() throws {
    let service = try store.openService()
    defer { service.store.close() }
    let bar = ProgressBar.onTerminal()
    let summary: BillingRunSummary
    do {
      summary = try service.runBilling(progress: bar.map { bar in { bar.show($0, of: $1) } })
    } catch {
      bar?.finish()
      throw Exit.failure(error.description)
    }
    bar?.finish()
    for failure in summary.failed {
      FileHandle.standardError.write(
        Data("proxydash: account \(failure.accountID) was not billed: \(failure.reason)\n".utf8))
    }
    let moment = ISO8601DateFormatter().string(from: service.now)
    print(
      "Billing run at \(moment): \(summary.accounts) accounts, \(summary.renewed) renewed, "
        + "\(summary.declined) declined, \(summary.reminders) reminders, \(summary.ended) ended, "
        + "\(summary.refundsCompleted) refunds completed, charged "
        + "\(Money(minorUnits: summary.chargedCents)), \(summary.deferred) deferred, "
        + "\(summary.failed.count) failed.")
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      let data = (try? encoder.encode(summary)) ?? Data("{}".utf8)
      print(String(decoding: data, as: UTF8.self))
    }
    if !summary.failed.isEmpty { throw ExitCode(1) }
  }
}

struct BillingStatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "What is due next, and which accounts are past due.")

  @OptionGroup var store: StoreOptions

  @Option(help: "How many due accounts to list.")
  var limit = 20

  func run() throws {
    guard limit > 0 else { throw Exit.usage("--limit takes a positive number.") }
    let service = try store.openService()
    defer { service.store.close() }
    let status: BillingStatus
    do {
      status = try service.billingStatus(limit: limit)
    } catch {
      throw Exit.failure(error.description)
    }
    let calendar = BillingCalendar.utc
    print("Billing status at \(calendar.dateTimeText(status.now))")
    print("")
    print("Due next:")
    if status.due.isEmpty { print("  nothing is due") }
    for entry in status.due {
      let marker = entry.date <= status.now ? "due now" : calendar.dateTimeText(entry.date)
      print("  \(pad(marker, 22)) \(pad(entry.email, 32)) \(entry.what)")
    }
    print("")
    print("Past due: \(status.pastDue.count)")
    for entry in status.pastDue {
      let since = entry.since.map { "since \(calendar.dateTimeText($0))" } ?? ""
      let amount = entry.amount.map { "amount due \($0)" } ?? ""
      let retry = entry.nextRetry.map { "next retry \(calendar.dateTimeText($0))" } ?? "no retry left"
      print(
        "  \(pad(entry.email, 32)) \(entry.plan), \([since, amount, retry].filter { !$0.isEmpty }.joined(separator: ", "))"
      )
    }
  }

  private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}

/// A one-line progress bar on stderr, only when stderr is a terminal (a timer's log
/// gets the summary line alone).
final class ProgressBar {
  private var lastDrawn = -1

  static func onTerminal() -> ProgressBar? {
    isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
  }

  func show(_ done: Int, of total: Int) {
    let width = 30
    let filled = total == 0 ? width : done * width / total
    guard filled != lastDrawn || done == total else { return }
    lastDrawn = filled
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) accounts".utf8))
  }

  func finish() {
    if lastDrawn >= 0 { FileHandle.standardError.write(Data("\n".utf8)) }
  }
}
