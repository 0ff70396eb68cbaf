import Foundation

/// One pass of the billing step: applies due items to an account, collecting what
/// happened. Kept apart from `BillingStep` so each case reads on its own.
struct StepRun {
  let step: BillingStep
  var account: Account
  var events: [BillingEvent] = []
  var notices: [Notice] = []

  init(step: BillingStep, account: Account) {
    self.step = step
    self.account = account
  }

  private var calendar: BillingCalendar { account.calendar }
  private var policy: BillingPolicy { step.policy }

  private func planName(_ subscription: Subscription) -> String {
    step.catalog.plan(id: subscription.planID)?.name ?? subscription.planID
  }

  mutating func apply(_ item: DueItem, charge: ChargeOutcome?) {
    switch item.kind {
    case .reminder(let id): remind(id, at: item.date)
    case .renewal(let id):
      renew(id, at: item.date, charge: charge ?? .declined(reason: "no payment"))
    case .retry(let id):
      retry(id, at: item.date, charge: charge ?? .declined(reason: "no payment"), scheduled: true)
    case .retryNow(let id):
      retry(id, at: item.date, charge: charge ?? .declined(reason: "no payment"), scheduled: false)
    case .periodEnd(let id): endPeriod(id, at: item.date)
    case .refundCompletion(let id): completeRefund(id, at: item.date)
    }
  }

  private mutating func record(
    _ kind: BillingEvent.Kind, _ subscription: Subscription?, at date: Date, _ summary: String
  ) {
    events.append(
      BillingEvent(date: date, kind: kind, subscriptionID: subscription?.id, summary: summary))
  }

  private mutating func remind(_ id: String, at date: Date) {
    guard var subscription = account.subscription(id: id),
      let invoice = step.renewalInvoice(for: subscription, in: account)
    else { return }
    subscription.reminderSentForPeriodEnd = subscription.periodEnd
    account.replaceSubscription(subscription)
    let name = planName(subscription)
    let renewsOn = calendar.dayText(subscription.periodEnd)
    var body = """
      Your \(name) plan (\(subscription.product.displayName)) renews automatically on \(renewsOn).
      Amount: \(invoice.total) (\(Receipts.invoiceText(invoice).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; "))).
      Payment method: \(subscription.paymentMethod.summary).
      """
    if subscription.remaining > .zero {
      body +=
        "\nUnused traffic (\(subscription.remaining)) expires at the renewal. To keep it, Renew or Upgrade before then."
    }
    body += "\nTo opt out, cancel the subscription before \(renewsOn) in Account settings."
    notices.append(
      Notice(
        kind: .renewalReminder, date: date, subject: "Your \(name) plan renews on \(renewsOn)",
        body: body, subscriptionID: id))
    record(
      .reminderSent, subscription, at: date,
      "Reminder sent: \(name) renews on \(renewsOn) for \(invoice.total)")
  }

  private mutating func addOrder(
    for subscription: Subscription, invoice: Invoice, at date: Date, status: OrderStatus
  ) -> Order {
    let order = Order(
      id: account.nextOrderID, kind: .renewal, product: subscription.product,
      planID: subscription.planID,
      subscriptionID: subscription.id, invoice: invoice, paymentMethod: subscription.paymentMethod,
      createdAt: date, status: status)
    account.orders.append(order)
    return order
  }

  /// Starts the next period with a fresh allowance; returns the traffic that expired (R6).
  private func startingNewPeriod(_ subscription: Subscription, anchor: Date?) -> (
    Subscription, Traffic
  ) {
    var next = subscription
    let expired = subscription.state == .pastDue ? Traffic.zero : subscription.remaining
    if let anchor {
      next.anchor = anchor
      next.periodIndex = 0
    } else {
      next.periodIndex += 1
    }
    next.periodStart = anchor ?? subscription.periodEnd
    next.periodEnd = calendar.periodEnd(anchor: next.anchor, index: next.periodIndex)
    if let plan = step.catalog.plan(id: subscription.planID) { next.allowance = plan.allowance }
    next.transferred = .zero
    next.extra = .zero
    next.used = .zero
    next.warningsSent = []
    next.state = .active
    next.pastDueSince = nil
    next.retriesDone = 0
    return (next, expired)
  }

  private mutating func renew(_ id: String, at date: Date, charge: ChargeOutcome) {
    guard let subscription = account.subscription(id: id),
      let invoice = step.renewalInvoice(for: subscription, in: account)
    else { return }
    let name = planName(subscription)
    switch charge {
    case .approved:
      let order = addOrder(for: subscription, invoice: invoice, at: date, status: .paid)
      let (next, expired) = startingNewPeriod(subscription, anchor: nil)
      account.replaceSubscription(next)
      var body = """
        Your \(name) plan renewed on \(calendar.dateTimeText(date)) (order \(order.id)).

        \(Receipts.invoiceText(invoice))

        Charged to \(subscription.paymentMethod.summary). New period: \(calendar.dayText(next.periodStart)) to \(calendar.dayText(next.periodEnd)), \(next.allowance.compact).
        """
      if expired > .zero { body += "\nUnused traffic of the last period expired: \(expired)." }
      notices.append(
        Notice(
          kind: .renewalReceipt, date: date, subject: "Receipt: \(name) renewed (\(invoice.total))",
          body: body, subscriptionID: id))
      record(
        .renewed, subscription, at: date,
        "Renewed \(name): charged \(invoice.total), \(expired) expired")
    case .declined(let reason):
      _ = addOrder(for: subscription, invoice: invoice, at: date, status: .declined)
      var failed = subscription
      failed.state = .pastDue
      failed.pastDueSince = date
      failed.retriesDone = 0
      account.replaceSubscription(failed)
      let firstRetry = policy.retryScheduleDays.first.map {
        calendar.dayText(calendar.adding(days: $0, to: date))
      }
      notices.append(
        Notice(
          kind: .paymentFailed, date: date, subject: "Payment failed: your \(name) plan is paused",
          body: """
            We could not charge \(invoice.total) to \(subscription.paymentMethod.summary) for your \(name) plan (\(reason)).
            Your proxies are paused until the payment goes through.
            \(firstRetry.map { "We will retry on \($0)." } ?? "") Update your payment method in Account settings to retry at once.
            """, subscriptionID: id))
      record(
        .renewalFailed, subscription, at: date,
        "Renewal of \(name) failed: \(subscription.paymentMethod.summary) declined")
    }
  }

  private mutating func retry(_ id: String, at date: Date, charge: ChargeOutcome, scheduled: Bool) {
    guard let subscription = account.subscription(id: id), subscription.state == .pastDue,
      let invoice = step.renewalInvoice(for: subscription, in: account)
    else { return }
    let name = planName(subscription)
    switch charge {
    case .approved:
      let order = addOrder(for: subscription, invoice: invoice, at: date, status: .paid)
      // The paid period starts at the payment, so a late payment still buys a full month.
      let (next, _) = startingNewPeriod(subscription, anchor: date)
      account.replaceSubscription(next)
      notices.append(
        Notice(
          kind: .renewalReceipt, date: date, subject: "Receipt: \(name) renewed (\(invoice.total))",
          body: """
            The payment for your \(name) plan went through on \(calendar.dateTimeText(date)) (order \(order.id)).

            \(Receipts.invoiceText(invoice))

            Your proxies serve traffic again. New period: \(calendar.dayText(next.periodStart)) to \(calendar.dayText(next.periodEnd)).
            """, subscriptionID: id))
      record(
        .retrySucceeded, subscription, at: date,
        "Retry for \(name) succeeded: charged \(invoice.total)")
    case .declined(let reason):
      _ = addOrder(for: subscription, invoice: invoice, at: date, status: .declined)
      var failed = subscription
      if scheduled { failed.retriesDone += 1 }
      let attempts = policy.retryScheduleDays.count
      if scheduled && failed.retriesDone >= attempts {
        failed.state = .ended
        failed.endedAt = date
        failed.autoRenew = false
        account.replaceSubscription(failed)
        notices.append(
          Notice(
            kind: .subscriptionEnded, date: date, subject: "Your \(name) subscription has ended",
            body: """
              The last retry to charge \(invoice.total) to \(subscription.paymentMethod.summary) failed (\(reason)).
              Your \(name) subscription has ended. Your account and its history remain:
              buy a plan from the Pricing tab to start again.
              """, subscriptionID: id))
        record(.ended, subscription, at: date, "Last retry for \(name) failed: subscription ended")
      } else {
        account.replaceSubscription(failed)
        let next =
          failed.retriesDone < attempts
          ? failed.pastDueSince.map {
            calendar.dayText(
              calendar.adding(days: policy.retryScheduleDays[failed.retriesDone], to: $0))
          } : nil
        notices.append(
          Notice(
            kind: .paymentFailed, date: date,
            subject: "Payment failed again: \(name) is still paused",
            body: """
              We could not charge \(invoice.total) to \(subscription.paymentMethod.summary) (\(reason)).
              \(next.map { "Next retry: \($0)." } ?? "") Update your payment method in Account settings to retry at once.
              """, subscriptionID: id))
        record(
          .retryFailed, subscription, at: date,
          "Retry for \(name) failed: \(subscription.paymentMethod.summary) declined")
      }
    }
  }

  private mutating func endPeriod(_ id: String, at date: Date) {
    guard var subscription = account.subscription(id: id) else { return }
    let name = planName(subscription)
    let expired = subscription.remaining
    subscription.state = .ended
    subscription.endedAt = date
    subscription.autoRenew = false
    account.replaceSubscription(subscription)
    notices.append(
      Notice(
        kind: .subscriptionEnded, date: date, subject: "Your \(name) subscription has ended",
        body: """
          Your \(name) subscription (\(subscription.product.displayName)) reached the end of its period on \(calendar.dayText(date)).
          Your account and its history remain: buy a plan from the Pricing tab to start again.
          """, subscriptionID: id))
    record(.ended, subscription, at: date, "\(name) ended at its period end, \(expired) unused")
  }

  private mutating func completeRefund(_ id: String, at date: Date) {
    guard let index = account.refunds.firstIndex(where: { $0.id == id }) else { return }
    account.refunds[index].status = .refunded
    account.refunds[index].completedAt = date
    let refund = account.refunds[index]
    notices.append(
      Notice(
        kind: .refundCompleted, date: date, subject: "Refund completed: \(refund.amount)",
        body: """
          Your refund of \(refund.amount) has been paid back to \(refund.paymentMethod.summary).
          """, subscriptionID: refund.subscriptionID))
    record(
      .refundCompleted, account.subscription(id: refund.subscriptionID), at: date,
      "Refund of \(refund.amount) completed")
  }
}
