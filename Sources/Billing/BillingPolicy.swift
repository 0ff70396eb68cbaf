import Foundation

/// The numbers a provider would tune, in one place (SPEC.md's "policy" values).
public struct BillingPolicy: Codable, Hashable, Sendable {
  /// R7: how long before a period ends the renewal reminder goes out.
  public var reminderLeadDays: Int
  /// R7a: days after a failed renewal on which payment is retried.
  public var retryScheduleDays: [Int]
  /// R20: the money-back window, in hours after the first payment.
  public var refundWindowHours: Int
  /// R20: at most this much traffic used for a refund.
  public var refundTrafficLimit: Traffic
  /// R21: a refund completes within this many business days of its approval.
  public var refundCompletionBusinessDays: Int
  /// R25: price per additional proxy user per month, before VAT.
  public var proxyUserMonthlyPrice: Money
  /// R8a: warnings at these shares of available traffic, in percent.
  public var trafficWarningPercents: [Int]
  /// R24: failed log-ins before a lock, and how long the lock lasts.
  public var loginAttemptsBeforeLock: Int
  public var loginLockMinutes: Int

  public init(
    reminderLeadDays: Int = 3,
    retryScheduleDays: [Int] = [1, 3, 5],
    refundWindowHours: Int = 72,
    refundTrafficLimit: Traffic = .gb(5),
    refundCompletionBusinessDays: Int = 5,
    proxyUserMonthlyPrice: Money = .units(5),
    trafficWarningPercents: [Int] = [80, 100],
    loginAttemptsBeforeLock: Int = 5,
    loginLockMinutes: Int = 15
  ) {
    self.reminderLeadDays = reminderLeadDays
    self.retryScheduleDays = retryScheduleDays
    self.refundWindowHours = refundWindowHours
    self.refundTrafficLimit = refundTrafficLimit
    self.refundCompletionBusinessDays = refundCompletionBusinessDays
    self.proxyUserMonthlyPrice = proxyUserMonthlyPrice
    self.trafficWarningPercents = trafficWarningPercents
    self.loginAttemptsBeforeLock = loginAttemptsBeforeLock
    self.loginLockMinutes = loginLockMinutes
  }

  public static let standard = BillingPolicy()
}
