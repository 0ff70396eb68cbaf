import Billing
import Foundation
import Storage

/// Where an invoice export went: the two files, whole paths.
public struct InvoiceExport: Sendable, Equatable {
  public var number: InvoiceNumber
  public var textPath: String
  public var htmlPath: String

  public init(number: InvoiceNumber, textPath: String, htmlPath: String) {
    self.number = number
    self.textPath = textPath
    self.htmlPath = htmlPath
  }
}

// Invoices (R26a): issued by the store in the transaction of their order or refund;
// here they are only read and exported.
extension ProxyDashService {
  /// The account's invoices and credit notes, newest first.
  public func invoices(accountID: String) throws(ServiceError) -> [IssuedInvoice] {
    try run { try store.read { try $0.invoices(accountID: accountID) } }
  }

  /// Writes the invoice as a text file and a standalone HTML page into the store's
  /// `exports/` folder: private files, never through a link, never over a file that is
  /// there already (R31). An invoice of another account is "not found", as is a number
  /// that does not exist.
  public func exportInvoice(accountID: String, number: InvoiceNumber) throws(ServiceError)
    -> InvoiceExport
  {
    let found: (IssuedInvoice, BillingCalendar)? = try run {
      try store.read { session in
        guard let invoice = try session.invoice(number: number, accountID: accountID),
          let account = try session.account(id: accountID)
        else { return nil }
        return (invoice, account.account.calendar)
      }
    }
    guard let (invoice, calendar) = found else {
      throw .invalidInput("There is no invoice \(number) on this account.")
    }
    let name = invoice.number.description
    do {
      let paths = try store.exportNewFiles([
        (name: "\(name).txt", data: Data(invoice.text(calendar: calendar).utf8)),
        (name: "\(name).html", data: Data(invoice.html(calendar: calendar).utf8)),
      ])
      return InvoiceExport(number: number, textPath: paths[0], htmlPath: paths[1])
    } catch {
      throw Self.serviceError(error)
    }
  }
}
