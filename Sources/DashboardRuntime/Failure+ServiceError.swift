import Billing
import Dashboard
import Services

extension Failure {
  /// The dashboard's reading of a refusal: a billing rule's message is worded in the
  /// account's calendar (a date in the customer's time zone), everything else as is.
  init(_ error: ServiceError, calendar: BillingCalendar) {
    switch error {
    case .billing(.btcThroughSupport):
      self.init(.btcThroughSupport, message: BillingError.btcThroughSupport.message(in: calendar))
    case .billing(let billing):
      self.init(message: billing.message(in: calendar))
    case .cardRejected(let rejection):
      self.init(.cardRejected(rejection), message: error.description)
    case .changedElsewhere:
      self.init(.changedElsewhere, message: error.description)
    case .proxyUserNameTaken:
      self.init(.field(.proxyUserName), message: error.description)
    case .wrongCurrentPassword:
      self.init(.field(.currentPassword), message: error.description)
    case .quoteChanged, .paymentInProgress, .paymentReturned:
      self.init(.paymentOutdated, message: error.description)
    default:
      self.init(message: error.description)
    }
  }
}
