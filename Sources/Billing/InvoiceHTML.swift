import Foundation

extension IssuedInvoice {
  /// The invoice as one standalone HTML page (no scripts, no outside resources), for a
  /// customer to open in a browser and print to PDF: no PDF library is at hand offline.
  public func html(calendar: BillingCalendar) -> String {
    func escaped(_ text: String) -> String {
      var out = ""
      for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
      }
      return out
    }
    func party(_ heading: String, _ lines: [String]) -> String {
      "<div class=\"party\"><h2>\(escaped(heading))</h2>"
        + lines.map { "<div>\(escaped($0))</div>" }.joined() + "</div>"
    }
    let seller = self.seller?.lines ?? ["not named yet: import the catalog's seller.json"]
    let rows = amountRows.map {
      "<tr><td>\(escaped($0.label))</td><td class=\"amount\">\(escaped($0.amount))</td></tr>"
    }
    var notes = [
      "\(isCreditNote ? "Refunded to" : "Paid by"): \(paymentMethod)", "Order: \(orderID)",
    ]
    if isReverseCharge { notes.append(Self.reverseChargeNote) }
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>\(escaped(title))</title>
      <style>
      body { font-family: sans-serif; max-width: 42em; margin: 2em auto; color: #111; }
      h1 { font-size: 1.4em; margin-bottom: 0.2em; }
      h2 { font-size: 1em; margin: 0 0 0.3em; }
      .parties { display: flex; gap: 3em; margin: 1.5em 0; }
      table { width: 100%; border-collapse: collapse; }
      td { padding: 0.3em 0; border-bottom: 1px solid #ddd; }
      td.amount { text-align: right; white-space: nowrap; }
      tr.total td { font-weight: bold; border-bottom: none; }
      .notes { margin-top: 1.5em; color: #333; }
      </style>
      </head>
      <body>
      <h1>\(escaped(title))</h1>
      <div>Issued: \(escaped(calendar.dayText(issuedAt)))</div>
      <div class="parties">
      \(party("Seller:", seller))
      \(party("Buyer:", buyer.lines))
      </div>
      <table>
      \(rows.joined(separator: "\n"))
      <tr class="total"><td>Total:</td><td class="amount">\(escaped(total.description))</td></tr>
      </table>
      <div class="notes">
      \(notes.map { "<p>\(escaped($0))</p>" }.joined(separator: "\n"))
      </div>
      </body>
      </html>

      """
  }
}
