import Billing
import Foundation
import TerminalUI

extension AppState {
  /// How an event changes the dashboard: pure, so every screen can be driven by tests.
  /// (Outside it only the runtime sets the first frame's size, the quit flag, and the
  /// fresh state of a demo reset.)
  public static func update(_ state: AppState, _ event: AppEvent) -> (AppState, [Effect]) {
    var next = state
    let effects = next.apply(event)
    return (next, effects)
  }

  mutating func apply(_ event: AppEvent) -> [Effect] {
    defer { forgetClosedConfirmation() }
    switch event {
    case .key(let key):
      // R32: typed ahead of a confirmation that was not on screen yet.
      if !isTooSmall && isMoneyConfirmationUnseen { return [] }
      return handle(key)
    case .paste(let text):
      if isTooSmall || isMoneyConfirmationUnseen { return [] }
      return handlePaste(text)
    case .resize(let width, let height):
      self.width = width
      self.height = height
      return []
    case .loggedIn(let snapshot):
      self.snapshot = snapshot
      login = LoginView()
      overlay = nil
      section = Section.allCases[0]
      screens = ScreenRegistry.all.map { $0.init() }
      banner = Banner("Logged in as \(snapshot.account.email).", tone: .success)
      return refreshSection(snapshot)
    case .loggedOut:
      snapshot = nil
      overlay = nil
      login = LoginView()
      banner = nil
      return []
    case .loaded(let snapshot):
      self.snapshot = snapshot
      return refreshSection(snapshot)
    case .usage:
      for index in screens.indices { screens[index].receive(event) }
      return []
    case .proxyUserTraffic(let traffic):
      snapshot?.proxyUserTraffic = traffic
      return []
    case .done(let message, let snapshot):
      self.snapshot = snapshot
      banner = Banner(message, tone: .success)
      return refreshSection(snapshot)
    case .purchased(let outcome, let snapshot):
      self.snapshot = snapshot
      let text = purchaseText(outcome, snapshot: snapshot)
      switch overlay {
      case .checkout(var form):
        form.outcome = text
        overlay = .checkout(form)
      case .extra(var form):
        form.outcome = text
        overlay = .extra(form)
      default: break
      }
      banner = Banner(
        "Paid \(outcome.order.total): \(outcome.order.kind.label), \(snapshot.planName(outcome.subscription)). Receipt emailed.",
        tone: .success)
      return refreshSection(snapshot)
    case .refunded(let refund, let snapshot):
      self.snapshot = snapshot
      if case .refund(var popup) = overlay {
        popup.refund = refund
        overlay = .refund(popup)
      }
      banner = Banner("Refund of \(refund.amount) approved: the subscription has ended.", tone: .success)
      return []
    case .clockMoved(let events, let snapshot):
      self.snapshot = snapshot
      let calendar = snapshot.calendar
      if events.isEmpty {
        banner = Banner("Clock: \(calendar.dateTimeText(snapshot.now)). Nothing was due.", tone: .info)
      } else {
        let tone: Banner.Tone =
          events.contains { $0.kind == .renewalFailed || $0.kind == .retryFailed || $0.kind == .ended }
          ? .warning : .success
        banner = Banner(events.map(\.summary).joined(separator: " · "), tone: tone)
      }
      return refreshSection(snapshot)
    case .exported(let path):
      // A path can be longer than the banner: the pop-up shows it whole.
      var lines = ["The shown range was saved as CSV to:", path]
      // The demo works on a scratch copy that is removed when it ends.
      if isDemo { lines.append("Demo files go when the demo ends: copy it elsewhere to keep it.") }
      overlay = .message(title: "Usage exported", lines: lines)
      // The pop-up holds the path; the banner names the file, which always fits.
      banner = Banner("Exported \(URL(fileURLWithPath: path).lastPathComponent)", tone: .success)
      return []
    case .failed(let failure):
      return show(failure)
    case .caption(let text):
      caption = text
      return []
    }
  }

  /// The screen's own data that a fresh snapshot does not carry.
  private func refreshSection(_ snapshot: Snapshot) -> [Effect] {
    screens[currentIndex].load(in: context(snapshot))
  }

  /// Shows `target`, fresh from its start (a sidebar key, the profile menu).
  mutating func show(_ target: Section, snapshot: Snapshot) -> [Effect] {
    section = target
    screens[currentIndex].enter()
    // DESIGN.md: `3` opens the first subscription's tab, Profile when there is none.
    if target == .account { self[SettingsView.self].tab = SettingsView.openingTab(for: snapshot) }
    return refreshSection(snapshot)
  }

  /// Carries out what a screen asked for.
  mutating func carryOut(_ requests: [ScreenRequest], snapshot: Snapshot) -> [Effect] {
    var effects: [Effect] = []
    for request in requests {
      switch request {
      case .effect(let effect): effects.append(effect)
      case .overlay(let next): overlay = next
      case .banner(let next): banner = next
      case .checkout(let planID): openCheckout(planID: planID, snapshot: snapshot)
      case .extra(let kind, let subscription): openExtra(kind, subscription: subscription, snapshot: snapshot)
      }
    }
    return effects
  }

  mutating func openCheckout(planID: String, snapshot: Snapshot) {
    guard let plan = snapshot.catalog.plan(id: planID) else { return }
    if let live = snapshot.account.liveSubscription(of: plan.product), live.state == .pastDue {
      banner = Banner(BillingError.subscriptionPastDue.description, tone: .warning)
      return
    }
    let key = nextCheckoutKey("plan")
    overlay = .checkout(CheckoutForm(plan: plan, snapshot: snapshot, key: key))
  }

  mutating func openExtra(_ kind: ExtraKind, subscription: Subscription, snapshot: Snapshot) {
    let key = nextCheckoutKey("extra")
    overlay = .extra(ExtraForm(kind: kind, subscription: subscription, snapshot: snapshot, key: key))
  }

  private func purchaseText(_ outcome: PurchaseOutcome, snapshot: Snapshot) -> String {
    let calendar = snapshot.calendar
    let subscription = outcome.subscription
    var text = "Paid \(outcome.order.total) with \(outcome.order.paymentMethod.summary). "
    switch outcome.order.kind {
    case .purchase(let kind):
      text +=
        "\(kind.label): \(snapshot.planName(subscription)) is active until \(calendar.dayText(subscription.periodEnd))"
      text += subscription.autoRenew ? " and renews automatically." : "."
      if subscription.transferred > .zero {
        text += " \(subscription.transferred) of unused traffic carried over."
      }
    case .extraTraffic(let traffic):
      text += "\(traffic) added: \(subscription.remaining) now left this period."
    case .proxyUsers(let count):
      text += "\(count) proxy user\(count == 1 ? "" : "s") added."
    case .renewal:
      break
    }
    return text + " The receipt is in Notifications (5)."
  }

  /// Shows an error where the customer typed, else in the banner.
  private mutating func show(_ failure: Failure) -> [Effect] {
    let message = failure.message
    if snapshot == nil {
      // A refused log-in clears the password, ready for another try.
      login.message = Banner(message, tone: .danger)
      if login.mode == .logIn {
        login.password.text = ""
        login.focus = 1
      }
      return []
    }
    if failure.kind == .btcThroughSupport {
      overlay = .message(title: "BTC through support", lines: [message])
      return [.reload]
    }
    switch overlay {
    case .checkout(var form):
      if case .cardRejected(let rejection) = failure.kind {
        for (field, text) in rejection.problems { form.form.setError(PaymentField(field), text) }
      } else {
        form.problem = message
      }
      overlay = .checkout(form)
    case .extra(var form):
      form.problem = message
      overlay = .extra(form)
    case .refund:
      overlay = .message(title: "Refund", lines: [message])
    default:
      if failure.kind == .changedElsewhere {
        banner = Banner(message, tone: .warning)
        return [.reload]
      }
      overlay = nil
      banner = Banner(message, tone: .danger)
    }
    // The account changed under the payment: reload so the customer reviews fresh figures
    // (and sees a returned payment in billing history).
    return failure.kind == .paymentOutdated ? [.reload] : []
  }

  /// Keys go to the pop-up first, then the screen, then the global map.
  mutating func handle(_ key: Key) -> [Effect] {
    if isTooSmall { return key == .character("q") ? [.quit] : [] }
    guard let snapshot else {
      if overlay != nil { return handleOverlay(key, snapshot: nil) }
      let effects = login.handle(key)
      if effects == [.quit] && login.hasInput {
        overlay = .quitConfirm
        return []
      }
      return effects
    }
    if overlay != nil { return handleOverlay(key, snapshot: snapshot) }
    if let requests = screens[currentIndex].handle(key, in: context(snapshot)) {
      return carryOut(requests, snapshot: snapshot)
    }
    let table = GlobalKeys.bindings + (isDemo ? GlobalKeys.demoBindings : [])
    guard let action: GlobalAction = table.action(for: key) else { return [] }
    banner = nil
    switch action {
    case .section(let target):
      return show(target, snapshot: snapshot)
    case .profileMenu:
      overlay = .profileMenu(ProfileMenu(personas: isDemo ? personas : [], current: snapshot.account.email))
    case .help: overlay = .help(scroll: 0)
    case .quit:
      if hasUnsavedInput {
        overlay = .quitConfirm
        return []
      }
      return [.quit]
    case .dayForward: return [.advanceClock(days: 1)]
    case .nextBillingEvent: return [.jumpToNextBillingEvent]
    case .resetDemo: return [.resetDemo]
    }
    return []
  }
}
