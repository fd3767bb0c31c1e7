"""English phrase pools per contact reason (same keys and slots as ``reasons_pt``)."""

from __future__ import annotations

REASONS_EN: dict[str, dict[str, list[str]]] = {
    "payment_boleto_pix": {
        "subjects": [
            "Boleto not generating", "PIX payment not recognized", "Can't pay the boleto", "Payment failed",
            "Paid but invoice still open", "Invalid barcode on boleto", "PIX QR code error", "Payment not showing up",
            "Boleto payment issue", "PIX pending for days",
        ],
        "problems": [
            "I'm trying to pay my subscription with a boleto and the bank says the barcode is invalid.",
            "I sent a PIX of {amount} on {date} and the invoice still shows as unpaid.",
            "The boleto generated in the dashboard has the wrong due date and {bank} rejects it.",
            "When I click 'generate boleto' I just get a blank page.",
            "The PIX QR code expires before I can even scan it, tried {n} times.",
            "I paid the boleto through my {bank} app and you never registered the payment, now my account is blocked.",
            "The PIX key on the invoice isn't recognized by {bank}, it says key not found.",
            "The PIX went out of my account but invoice {order} is still pending.",
            "The duplicate boleto PDF won't open, looks corrupted.",
            "Your system charged late fees even though I paid the boleto before the due date.",
            "My customers can't pay with PIX at checkout, the QR code shows up blank.",
            "Payment via PIX copy-and-paste code returns 'invalid charge' in my banking app.",
            "It's been {days} business days and the boleto payment still hasn't cleared.",
        ],
        "details": [
            "I already sent the receipt twice.", "The money left my account the same day.",
            "Tried on my phone and laptop, same error.", "My {bank} statement shows it as paid at {time}.",
            "Due date was {date}.", "This started after the last dashboard update.",
            "The bank says it's an issue on the issuer side, i.e. you.", "I have the PDF receipt right here.",
            "Because of this I can't issue sales.",
        ],
        "asks": [
            "Can you mark the payment as received manually?", "Please restore my access today.",
            "Send me a boleto that actually works.", "How do I fix this?", "Can you confirm you got the PIX?",
            "Please remove the late fee.",
        ],
        "short": [
            "boleto wont generate", "pix not showing as paid", "paid boleto still open", "pix qr code broken",
            "invalid barcode", "payment not identified",
        ],
    },
    "login_2fa": {
        "subjects": [
            "Can't log in", "Verification code not arriving", "2FA problem", "Account locked", "Login error",
            "Lost my authenticator phone", "Access denied", "Invalid 2FA token", "SMS code never comes",
        ],
        "problems": [
            "I can't log into my account, the SMS verification code never arrives.",
            "I switched phones and lost my authenticator app, now I'm stuck on the 6-digit code screen.",
            "The system says my 2FA code is invalid but I just generated it in Google Authenticator.",
            "My account got locked after {n} login attempts.",
            "When I enter my email and password the page spins and sends me back to the login screen.",
            "The verification email only arrives after the code has already expired.",
            "I keep getting 'session expired' every time I try to open the dashboard.",
            "Two-factor authentication got turned on by itself and it's tied to an old number.",
            "My employee can't log in, it says the user has no permission.",
            "Sign in with Google stopped working, redirect error.",
            "The app keeps asking for the two-factor code in a loop.",
            "I get 'access denied' even with the right password.",
        ],
        "details": [
            "The phone number on file hasn't changed.", "I checked my spam folder.", "My phone clock is set to automatic.",
            "Tried on my {device} and on my computer.", "This started {when}.", "I've been locked out since {date}.",
            "I need to get in to run today's sales.", "Reinstalled the app already.", "Cleared cache and cookies.",
        ],
        "asks": [
            "Can you disable 2FA temporarily?", "How do I get back in?", "Please unlock my account asap.",
            "Can you update the phone number on file?", "Please help me log in.",
        ],
        "short": [
            "cant log in", "sms code not arriving", "2fa invalid", "account locked", "no verification code",
            "lost authenticator",
        ],
    },
    "invoice_nf_error": {
        "subjects": [
            "Wrong invoice (nota fiscal)", "Invoice issued with wrong data", "Nota fiscal error", "Invoice not issued",
            "Wrong tax ID on invoice", "NFS-e rejected", "Need invoice corrected", "Missing invoice",
        ],
        "problems": [
            "The invoice (nota fiscal) for {month} was issued with the wrong CNPJ.",
            "The NF-e still has our old company name, I updated it months ago.",
            "The invoice shows {amount} but I paid a different amount.",
            "I haven't received the nota fiscal for the last {n} invoices.",
            "The city hall rejected the NFS-e because of a wrong service code.",
            "The XML doesn't match the PDF, taxes are different.",
            "The invoice has an address in {city} and my accountant won't accept it.",
            "You issued the invoice to my personal CPF instead of the company CNPJ.",
            "Invoices your system generates for my customers are missing the CFOP.",
            "State registration is blank on the invoice and SEFAZ rejected it.",
            "I got two invoices for the same charge.",
        ],
        "details": [
            "My accountant needs this to close the month.", "The info in the dashboard is correct.",
            "I asked for a correction last month and nothing happened.", "Without it I can't book the expense.",
            "Our books close on {date}.", "Attached is the wrong invoice.", "The ISS withholding is also wrong.",
        ],
        "asks": [
            "Can you cancel it and issue a new one?", "I need the corrected invoice by {date}.",
            "Please send a correction letter.", "When will I get the right invoice?", "Please reissue it.",
        ],
        "short": [
            "invoice has wrong cnpj", "nota fiscal missing", "need corrected invoice", "invoice wrong amount",
        ],
    },
    "delivery_delay": {
        "subjects": [
            "Order delayed", "Late delivery", "Where is my order?", "Card reader never arrived",
            "Delivery date passed", "Tracking not updating", "Order {order} not delivered", "Still waiting for delivery",
        ],
        "problems": [
            "I bought the {item} on {date} with a {days} business day estimate and it still hasn't arrived.",
            "Tracking for order {order} has been stuck for {days} days in {city}.",
            "Delivery was scheduled for {weekday} and nobody showed up.",
            "My order says delivered but I never got anything.",
            "The tracking code you sent doesn't exist on the {carrier} website.",
            "It's been over a month and the {item} hasn't even shipped.",
            "The carrier {carrier} says the address can't be found but it's correct.",
            "Order {order} was returned to sender without a delivery attempt.",
            "The delivery estimate changed three times and the {item} still isn't here.",
            "I need the {item} to open my shop and it's been 'processing' since {date}.",
        ],
        "details": [
            "I can't take card payments because of this.", "I already called the carrier, no help.",
            "I paid for express shipping.", "Order number is {order}.", "I'm in {city}.",
            "Last tracking event says 'in transit'.", "That's {days} days late now.", "I stayed home all day waiting.",
        ],
        "asks": [
            "When will it arrive?", "I want a real delivery date.", "If it's not here by {weekday} I want to cancel.",
            "Can you resend the order?", "Send me a tracking number that works.",
        ],
        "short": [
            "order not here", "where is my card reader", "late delivery", "tracking stuck", "says delivered but not received",
        ],
    },
    "refund_request": {
        "subjects": [
            "Refund request", "Refund not received", "I want my money back", "Pending refund", "Refund status",
            "Chargeback / refund", "Refund for subscription",
        ],
        "problems": [
            "I requested a refund of {amount} on {date} and haven't received it.",
            "I returned the {item} within 7 days and the refund still hasn't been processed.",
            "I was charged the monthly fee after I asked to cancel and I want a refund.",
            "The card refund was promised in {days} days and that's passed.",
            "I want a prorated refund for the days the system was down.",
            "The refund was approved but the amount returned is less than what I paid.",
            "I asked for the refund via PIX and you say you can only refund to the card.",
            "I bought the annual plan by mistake and want my money back.",
            "The agent confirmed the refund under ticket {protocol} but nothing came through.",
            "I canceled order {order} before it shipped and never got the money back.",
        ],
        "details": [
            "My card statement already closed with the charge.", "My bank details are on file.",
            "I paid {amount}.", "I already sent the return receipt.", "My bank says no refund came in.",
            "It's been {days} days.",
        ],
        "asks": [
            "When will I see the money?", "Please send proof of the refund.", "Refund the full amount please.",
            "I need this refund this week.", "I'll dispute the charge with my bank if this isn't sorted.",
        ],
        "short": ["need a refund", "refund not received", "where is my refund", "give me my money back"],
    },
    "cancellation": {
        "subjects": [
            "Cancellation", "Cancel my subscription", "Cancel plan", "Cancellation request", "Close my account",
            "How do I cancel?", "Terminate contract",
        ],
        "problems": [
            "I want to cancel my {plan} subscription.",
            "I can't find a cancel option in the dashboard, only 'change plan'.",
            "I asked to cancel last month and I'm still being charged.",
            "We're closing the store and need to end the contract.",
            "Please cancel the {feature} add-on that was turned on without my request.",
            "I want to turn off auto-renewal on the annual plan.",
            "I've been trying to cancel through chat for days and they keep offering discounts.",
            "Please close the {city} branch account, we're keeping only HQ.",
            "The cancel subscription button throws a 500 error.",
            "I was told there's a cancellation fee, that's not in the contract.",
        ],
        "details": [
            "I don't want a discount offer.", "I've already exported what I needed.", "My contract ends in {month}.",
            "Haven't used the system since {month}.", "It got too expensive for my business.",
            "Found a cheaper alternative.", "I want written confirmation.",
        ],
        "asks": [
            "Please confirm the cancellation by email.", "What's the process to cancel?", "Stop charging me from today.",
            "I need a cancellation confirmation number.", "Cancel without the fee, please.",
        ],
        "short": ["cancel my account", "cancel subscription pls", "how do i cancel", "i want to cancel"],
    },
    "integration_api": {
        "subjects": [
            "Integration error", "API returning 500", "{integration} integration stopped", "Webhooks not firing",
            "Invalid API token", "Orders not syncing", "Sync failure", "401 from the API", "API timeouts",
        ],
        "problems": [
            "The {integration} integration stopped syncing orders since {date}.",
            "The API returns {error} on the orders endpoint.",
            "Payment-confirmed webhooks aren't reaching our server.",
            "We generated a new API token and every call returns 401 Unauthorized.",
            "Stock isn't updating in {integration}, so sales get duplicated.",
            "Product sync with {integration} fails with 'rate limit exceeded'.",
            "After the API version change the customer CPF/CNPJ field comes back null.",
            "Calls to the charges API take over 30 seconds and time out.",
            "Our ERP ({integration}) receives every order twice.",
            "The API docs say one thing and the endpoint returns another, the 'status' field changed format.",
            "The official {integration} plugin shows 'authentication error' even with the right credentials.",
        ],
        "details": [
            "Our dev team checked everything on our side.", "The log shows {error}.",
            "We have {n} orders stuck because of this.", "Nothing changed in our config.",
            "Works in sandbox, only production fails.", "It started at {time}.", "Request ids attached.",
            "This is hitting our revenue.",
        ],
        "asks": [
            "We need a tier 2 engineer urgently.", "Is there a known incident?", "Can you check the logs on your side?",
            "What's the ETA for a fix?", "If this isn't fixed we'll have to look at other platforms.",
        ],
        "short": ["api throwing 500", "integration down", "webhooks not arriving", "api token invalid", "orders not syncing"],
    },
    "slow_app": {
        "subjects": [
            "System very slow", "Dashboard lagging", "App is slow", "Pages take forever to load", "Dashboard freezing",
            "Reports too slow", "Performance issues",
        ],
        "problems": [
            "The dashboard is extremely slow, every page takes over a minute to load.",
            "The app takes {n} seconds to register a single sale.",
            "Since {date} the system keeps loading and never shows the orders list.",
            "The sales screen freezes for a few seconds every time I search a product.",
            "The monthly sales report never finishes loading.",
            "At peak hours, around {time}, the system is unusable it's so slow.",
            "The app takes forever to open on my {device}.",
            "Everything is slow, product sync takes hours.",
            "The checkout keeps freezing and the line of customers just grows.",
        ],
        "details": [
            "My internet is fine, I ran a speed test.", "Happens on every computer in the store.", "Cache cleared.",
            "I have {n} products registered.", "Got worse after the last update.", "Other sites load fine.",
            "My customers complain about the wait.",
        ],
        "asks": [
            "Are you having server issues?", "Any ETA on improvements?", "What can I do to speed it up?",
            "I need this fixed today.",
        ],
        "short": ["system slow", "app super slow", "dashboard wont load", "everything lagging"],
    },
    "feature_request": {
        "subjects": [
            "Feature suggestion", "Suggestion", "Would it be possible to...?", "New feature idea", "Idea for the app",
            "Feature request", "Report improvement",
        ],
        "problems": [
            "It would be great if the system let me {feature_idea}.",
            "I'd like to suggest a feature: {feature_idea}.",
            "I really miss being able to {feature_idea}, competitors already have it.",
            "Any plans to let us {feature_idea}?",
            "One improvement that would help my business a lot: being able to {feature_idea}.",
            "My staff keep asking for a way to {feature_idea}.",
            "Not a bug, just a suggestion: let us {feature_idea}.",
        ],
        "details": [
            "I use the system every day and this would save a lot of time.", "Today I do it by hand in a spreadsheet.",
            "I'd pay extra for it.", "Other merchants I know want the same.", "Would be useful in the app too.",
        ],
        "asks": ["Just a suggestion.", "Could you consider it for the roadmap?", "Is there a timeline?", "Thanks for listening."],
        "short": ["suggestion: {feature_idea}", "can you add a way to {feature_idea}?", "pls let us {feature_idea}"],
    },
    "card_declined": {
        "subjects": [
            "Card declined", "Credit card payment denied", "Transaction not authorized", "Card error",
            "Can't pay by card", "Card declined on renewal",
        ],
        "problems": [
            "My {brand} card ending in {last4} keeps getting declined on the subscription renewal.",
            "When I try to pay the invoice by credit card I get 'transaction not authorized'.",
            "The card has plenty of limit and the bank says no charge attempt even reached them.",
            "I updated the card on file and the charge is still declined.",
            "On the card reader my customers' cards are being declined with code 51.",
            "Card payment says 'processing error' and my plan got suspended.",
            "I added a new card and it says 'invalid card'.",
        ],
        "details": [
            "The bank confirmed the card is unblocked.", "Tried {n} different cards.",
            "Same card works everywhere else.", "The amount is {amount}.", "Error code {decline_code}.",
        ],
        "asks": ["Can you retry the charge?", "Is there another way to pay?", "Please don't suspend my account.",
                 "Why is it being declined?"],
        "short": ["card declined", "transaction not authorized", "wont accept my card", "card denied on renewal"],
    },
    "address_change": {
        "subjects": [
            "Address change", "Update shipping address", "Change billing address", "Wrong address on file", "I moved",
        ],
        "problems": [
            "I need to change the shipping address for order {order}, I moved.",
            "We moved the store to {city} and need to update the billing address.",
            "The dashboard won't let me edit the address, the field is greyed out.",
            "The address on file has the wrong street number and the carrier can't find it.",
            "I want to change the delivery address before the {item} ships.",
            "Saving the new address gives 'invalid CEP' but the CEP is right.",
            "Our fiscal address changed and I need it updated for future invoices.",
        ],
        "details": [
            "The order hasn't shipped yet.", "New address is {num} {street_en}.", "Suite {num}.",
            "I moved on {date}.", "Tried in the app and on the website.",
        ],
        "asks": ["Can you change it for me?", "How do I change it?", "Please confirm the change.",
                 "Is there still time before it ships?"],
        "short": ["need to change my address", "update shipping address", "wrong address on my account"],
    },
    "password_reset": {
        "subjects": [
            "Forgot my password", "Reset password", "Password reset link not working", "Recover password",
            "Password email not arriving", "Change password",
        ],
        "problems": [
            "I forgot my password and the reset email never arrives.",
            "I click the reset password link and it says 'link expired'.",
            "The new password isn't accepted, says it doesn't meet the requirements but it does.",
            "I reset my password and it still doesn't work in the app.",
            "The password recovery link goes to a 404 page.",
            "I need to change the password for an employee who left.",
            "The system forced a password change and now it won't accept any password.",
        ],
        "details": [
            "Checked spam and junk.", "Tried {n} times.", "Same email as always.",
            "Password has uppercase, a number and a symbol.", "Doesn't work on desktop either.",
        ],
        "asks": ["Can you resend the link?", "How do I reset it?", "Send me a temporary password.", "I need access today."],
        "short": ["forgot password", "reset link expired", "reset email not arriving", "change password"],
    },
    "data_export": {
        "subjects": [
            "Export data", "Report export", "CSV export broken", "Download sales history", "Backup of my data",
            "Export never finishes", "Excel report",
        ],
        "problems": [
            "I need to export my whole sales and customer history but the CSV export never finishes.",
            "The exported file has broken accents and misaligned columns.",
            "The {report} report export only includes the last 90 days.",
            "I want to download all my data, customers, products and invoices, how?",
            "The 'export to Excel' button does nothing.",
            "The full account export has been 'processing' for {days} days.",
            "The export download link expires before I can download it.",
            "I need a full backup of the account in an open format.",
        ],
        "details": [
            "It's over {n} thousand records.", "I need it for an audit.", "My accountant asked for the file.",
            "We're moving some data to another tool.", "Doesn't work in the app either.",
        ],
        "asks": ["Can you generate the file and send it?", "Is there an API to export everything?",
                 "How long until I get the file?", "Is there a row limit?"],
        "short": ["export my data", "csv export stuck", "how to download sales history", "need data backup"],
    },
    "plan_upgrade": {
        "subjects": ["Plan change", "Plan upgrade", "I want the {plan2} plan", "Question about plans", "Change plan",
                     "Upgrade subscription"],
        "problems": [
            "I want to upgrade from {plan} to {plan2}.",
            "I upgraded to {plan2} but the new features didn't show up.",
            "What's the price difference between {plan} and {plan2}?",
            "I was charged the full {plan2} price instead of prorated.",
            "I need more users, my current plan only allows {n}.",
            "The upgrade went through but the invoice limit is still the old plan's.",
            "I want to switch to the annual plan with the discount.",
        ],
        "details": ["My store grew.", "Hired {n} more people.", "I pay {amount} today.", "Saw the promo on Instagram.",
                    "Changed it yesterday in the dashboard."],
        "asks": ["How do I upgrade?", "Can you fix the charge?", "Send me a quote.", "Please unlock the new plan's features."],
        "short": ["want to change plan", "upgrade to {plan2}", "upgraded but nothing changed"],
    },
    "damaged_product": {
        "subjects": ["Defective product", "Card reader broken", "Product arrived damaged", "Faulty device",
                     "Product exchange", "Printer won't turn on", "Damaged item"],
        "problems": [
            "The {item} arrived with a cracked screen.",
            "I received the {item} and it won't turn on at all.",
            "The box was crushed and the {item} came with loose parts.",
            "The {item} stopped working after {days} days.",
            "The {item} battery doesn't last an hour.",
            "The thermal printer prints everything faded and makes a grinding noise.",
            "The {item} came without the charger and the seal was broken.",
            "The {item} card slot doesn't read chips.",
        ],
        "details": ["I took photos of the packaging.", "It's under warranty.", "Serial number is {serial}.",
                    "Charged it all night.", "Bought it on {date}."],
        "asks": ["I want a replacement.", "How do I send it for repair?", "Please send another one.",
                 "I'd rather have a refund."],
        "short": ["card reader wont turn on", "arrived broken", "device defective", "need replacement device"],
    },
    "app_crash": {
        "subjects": ["App keeps closing", "App crashing", "App crashes on launch", "App error", "App stopped working",
                     "App closes on sales screen"],
        "problems": [
            "The app closes by itself as soon as I open the sales screen.",
            "After update {version} the app freezes on the home screen and closes.",
            "The app crashes when I try to take a product photo.",
            "Every time I finish a sale the app crashes and I lose everything.",
            "The app opens and closes immediately on my {device}.",
            "I get 'app has stopped' when printing the receipt.",
            "The app goes to a black screen and then closes.",
        ],
        "details": ["My phone is a {device}.", "Reinstalled the app.", "App version is {version}.",
                    "Restarted the phone, nothing.", "Same on my partner's phone."],
        "asks": ["Is a fix coming?", "How do I roll back to the previous version?", "I need to sell today, help.",
                 "What should I do?"],
        "short": ["app keeps crashing", "app froze", "app crashing", "app wont open"],
    },
    "duplicate_charge": {
        "subjects": ["Double charge", "Charged twice", "Duplicate charge", "Billed twice this month",
                     "Subscription charged 2x", "Unauthorized charge"],
        "problems": [
            "I was charged twice for {month}, {amount} each.",
            "Two identical charges showed up on my card on {date}.",
            "Both the boleto and the card got charged for the same invoice.",
            "You're charging me for the old plan and the new plan at the same time.",
            "The same invoice was debited twice from my account.",
            "I see three Vendix charges on my card statement this month.",
        ],
        "details": ["I have the statement showing both charges.", "I only have one account.", "Total was {amount}.",
                    "This happened before too."],
        "asks": ["Refund the duplicate charge.", "Cancel the second charge.", "Give me back the extra amount.",
                 "How do we fix this?"],
        "short": ["charged twice", "double charge", "billed 2x", "duplicate charge on card"],
    },
    "scheduled_pix": {
        "subjects": ["Scheduled PIX not processed", "Scheduled PIX didn't go out", "Scheduled PIX error",
                     "PIX scheduling failed", "New scheduled PIX feature broken"],
        "problems": [
            "I scheduled a PIX for {date} with the new scheduled PIX feature and it was never processed.",
            "The scheduled PIX still says 'scheduled' but the date passed and no money went out.",
            "Supplier payments I set up as scheduled PIX weren't paid.",
            "Recurring scheduled PIX only worked the first month.",
            "The scheduled PIX screen throws an error when I confirm the date.",
            "I scheduled the rent PIX and it got canceled on its own without notice.",
            "The scheduled PIX was debited but the recipient never got it.",
            "Since the update that added scheduled PIX none of my schedules run.",
        ],
        "details": ["The balance was available.", "I got a success notification but nothing went out.",
                    "The supplier is already charging interest.", "There were {n} scheduled payments.",
                    "Amount was {amount}."],
        "asks": ["Will you cover the late fee?", "When will this feature work?", "How do I cancel the schedules?",
                 "I need the payment to go out today."],
        "short": ["scheduled pix didnt go out", "pix schedule failed", "scheduled pix not processed"],
    },
}

GREETINGS = [
    "Hi", "Hi,", "Hello", "Hello,", "Hi team,", "Hey", "Hey there,", "Good morning,", "Good afternoon", "Dear Vendix Support,",
    "To whom it may concern,", "Hi there", "Hello support team,", "Hiya", "Morning,", "Dear team,", "Hi guys",
    "Hello, hope you're well.", "Hi, good evening",
]

CONTEXTS = [
    "I've been a Vendix customer for {years} years.", "I run a small {segment_en} in {city}.", "I'm on the {plan} plan.",
    "I'm writing on behalf of {company}.", "I handle finance at {company}.", "We've used your card readers since {year}.",
    "My name is {first} and I own {company}.", "We're a small {segment_en} and rely heavily on the system.",
    "I just started using the platform.",
]

GENERIC_DETAILS = [
    "I've tried everything.", "This started {when}.", "It's not the first time this happens.",
    "I already talked to an agent on chat and it wasn't solved.", "I'm losing sales because of this.",
    "Nobody gives me a straight answer.", "I followed the help center article step by step.",
    "Screenshot attached.", "Restarted everything already.",
]

EMOTIONS = [
    "Very disappointed.", "This is ridiculous!", "Honestly, I'm frustrated.", "I'm running out of patience.",
    "Please treat this as urgent.", "Please help.", "Not great.", "I can't work like this.",
]

GENERIC_ASKS = [
    "Looking forward to your reply.", "Can you check?", "Can you help?", "Waiting for your answer.",
    "Please call me.", "I need an answer today.", "Let me know.",
]

CLOSINGS = [
    "Thanks.", "Thank you!", "Thx", "Best regards,", "Regards,", "Kind regards,", "Cheers,", "Thanks in advance.",
    "Best,", "Many thanks!", "Sincerely,", "Thanks again",
]

FOLLOWUP_OPENERS = [
    "This is still not solved.", "Following up on my previous request.", "I already opened a ticket about this ({ref}) and nothing.",
    "Same problem again!", "It's still happening.", "Second time I'm writing about this.", "Reopening ticket {ref}.",
    "Nobody has replied yet.", "The issue is back.", "I contacted you yesterday about this.",
    "Third time I'm reporting this.", "As per ticket {ref}, the issue persists.",
    "You said it was fixed, it isn't.", "Hi, me again.", "Any update on my case?", "Same issue as ticket {ref}.",
    "Still no fix.", "It's failing again.",
]

FOLLOWUP_SHORT = [
    "still not fixed", "again??", "still broken", "already opened ticket {ref}", "any update?", "nothing solved yet",
    "same issue again", "wrote yesterday, no reply",
]

PHONE_NOTE_PREFIX = [
    "Customer called about the following:", "Inbound call. Customer says:", "Customer reached us by phone.",
    "Phone call summary:", "Customer called, quite upset.", "Call via support line.",
]

PII_SENTENCES = {
    "cpf": ["My CPF is {v}.", "CPF: {v}", "account holder CPF {v}"],
    "cnpj": ["CNPJ {v}.", "Our CNPJ is {v}.", "Company tax id (CNPJ): {v}"],
    "email": ["My email is {v}.", "Please reply to {v}", "contact email: {v}", "Reach me at {v}."],
    "phone": ["My phone is {v}.", "Call me at {v}.", "WhatsApp {v}", "Phone: {v}", "cell {v}", "Mobile: {v}"],
    "card": ["The card used was {v}.", "Card number: {v}", "card {v}", "It's card {v}, exp 08/29."],
    "cep": ["CEP {v}.", "Zip (CEP) is {v}.", "cep: {v}"],
}

OOO = [
    "Automatic reply: I am out of the office until {date} with limited access to email. For urgent matters contact {email}.",
    "Out of office: I'm on vacation until {date}. I will reply when I'm back.",
    "This is an automated response. We received your email and will get back to you within 2 business days.",
]

DISCLAIMERS = [
    "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and may be privileged. If you are not "
    "the intended recipient, please notify the sender immediately and delete this message. Any unauthorized use, "
    "disclosure or copying is prohibited.",
    "Please consider the environment before printing this email.",
    "This message is intended only for the addressee. Views expressed are those of the sender and not necessarily "
    "those of the company.",
]

HELPDESK_BOILERPLATE = [
    "##- Please type your reply above this line -##",
    "Your request has been received and is being reviewed by our support staff.",
    "This ticket was created from the website contact form.",
]

MOBILE_SIGS = ["Sent from my iPhone", "Sent from my iPad", "Sent from my Galaxy", "Sent from Outlook for iOS",
               "Sent from my Android phone", "Sent from mobile, excuse typos"]

AGENT_REPLY = [
    "Hi {first}, thanks for reaching out. Could you send us a screenshot of the error so we can look into it?",
    "Hello {first}, we've forwarded your request to the responsible team and will get back within 48 hours.",
    "Hi! Your case was logged under reference {protocol}. Sorry for the inconvenience.",
    "Dear {first}, your request has been completed. If you need anything else, just reply to this email.",
]

NOTES_EN: dict[str, list[str]] = {
    "payment_boleto_pix": [
        "Customer says boleto was paid but not registered.", "PIX of {amount} not identified.",
        "Boleto barcode rejected by customer's bank ({bank}).", "Customer can't generate a new boleto.",
        "Account blocked for non-payment, customer says it was paid.",
    ],
    "login_2fa": [
        "Customer locked out, SMS verification code not arriving.", "Lost phone with authenticator app.",
        "Account locked after several login attempts.", "2FA code rejected as invalid.",
    ],
    "invoice_nf_error": [
        "Customer needs invoice corrected, wrong CNPJ.", "Invoice issued with old company name.",
        "NFS-e rejected by city hall.", "Customer missing invoices for recent months.",
    ],
    "delivery_delay": [
        "Customer chasing order {order}, past delivery date.", "Tracking stuck for {days} days.",
        "Marked delivered but not received.", "Carrier {carrier} can't find the address.",
    ],
    "refund_request": [
        "Customer requests refund of {amount}.", "Promised refund not received.", "Returned device, waiting for refund.",
    ],
    "cancellation": [
        "Customer wants to cancel subscription.", "Asked to cancel, still being charged.",
        "Wants cancellation without fee.", "Offered retention discount, declined.",
    ],
    "integration_api": [
        "{integration} integration not syncing orders.", "API returning {error}.", "Webhooks not reaching customer server.",
        "New API token returns 401.",
    ],
    "slow_app": ["Customer reports slow dashboard.", "App slow to register sales.", "Reports won't load at peak time."],
    "feature_request": ["Customer suggests: {feature_idea}.", "Feature idea: {feature_idea}.",
                        "Asked if there's a timeline to {feature_idea}."],
    "card_declined": ["Customer card declined on renewal.", "Card payment not authorized.", "New card rejected as invalid."],
    "address_change": ["Customer needs shipping address changed.", "Billing address update.", "Address field locked."],
    "password_reset": ["Forgot password, reset email not arriving.", "Reset link expired.", "New password rejected."],
    "data_export": ["Customer needs full history export.", "CSV export not finishing.", "Asked for full data backup."],
    "plan_upgrade": ["Customer wants to upgrade {plan} to {plan2}.", "Upgraded but features not unlocked.",
                     "Charged full price instead of prorated."],
    "damaged_product": ["Device arrived defective.", "Card reader won't turn on, wants replacement.",
                        "Thermal printer faulty."],
    "app_crash": ["App closes on sales screen.", "App freezes after update {version}.", "App crashes on {device}."],
    "duplicate_charge": ["Customer charged twice.", "Two identical card charges.", "Boleto and card both charged."],
    "scheduled_pix": ["Scheduled PIX not processed on date.", "Customer says scheduled PIX didn't go out.",
                      "No scheduled PIX runs since the update."],
}

NOTE_ACTIONS_EN = [
    "Advised to wait for tier 2.", "Internal ticket opened.", "Customer asked for an email follow-up.",
    "Told 48h turnaround.", "Had customer clear cache and retry.", "Escalated to the owning team.",
    "Standard troubleshooting done, no luck.", "Customer informed.", "Sent help center article by email.",
    "Call dropped, call back.", "Asked for a screenshot.", "Solved during the call.",
]

_MORE_PROBLEMS_EN: dict[str, list[str]] = {
    "payment_boleto_pix": [
        "Your boleto just won't go through at my bank.",
        "I did the PIX, I have the receipt, and the dashboard still says 'awaiting payment'.",
        "A customer paid me by PIX in store and the money never showed in my balance.",
        "My account got blocked for non-payment even though I paid on {date}!",
        "The PIX of {amount} vanished: it left my account and never reached yours.",
        "There's no PIX option at all, only boleto, and the boleto is wrong.",
    ],
    "login_2fa": [
        "I'm locked out of my own account since {date}.",
        "I keep waiting for the SMS code and nothing, asked to resend about {n} times.",
        "After I turned on two-step verification I can't get in anymore.",
        "It says suspicious login detected and blocked my access.",
        "The code arrives, I type it and it instantly says 'code expired'.",
    ],
    "invoice_nf_error": [
        "My accountant says your invoice is all wrong.",
        "I can't book the expense, the invoice is in another company's name.",
        "The {month} nota fiscal was simply never issued.",
        "The ISS rate on the invoice is wrong.",
        "Customer (tomador) details on the invoice PDF are blank.",
    ],
    "delivery_delay": [
        "Where's my card reader? It should have been here ages ago.",
        "I paid, got the confirmation email, and still no delivery.",
        "The {carrier} site says 'object not found'.",
        "You promised {days} days and it's been almost a month.",
        "The courier never came but it's marked 'recipient absent'.",
    ],
    "refund_request": [
        "I've been waiting for my money back since {date}.",
        "I canceled the purchase and haven't seen a refund.",
        "You promised to return {amount} and nothing.",
        "The refund shows 'processing' forever.",
        "I was billed for a service I never used and want a refund.",
    ],
    "cancellation": [
        "I don't want the service anymore, how do I end it?",
        "I'm trying to leave Vendix and can't.",
        "Please close my account and delete my data.",
        "I want to cancel during the free trial.",
        "Enough, cancel everything.",
    ],
    "integration_api": [
        "Our {integration} store stopped receiving orders from Vendix.",
        "Webhooks arrive without a signature and our system rejects them.",
        "Transactions API pagination returns duplicate records.",
        "Since last night the {integration} connector shows 'disconnected'.",
        "Amounts now come in cents instead of reais and broke our reconciliation.",
    ],
    "slow_app": [
        "It's painfully slow, takes ages to open anything.",
        "The system just keeps thinking and never loads.",
        "Closing the register today took half an hour because it kept freezing.",
        "Product search takes like {n} seconds to show results.",
        "The orders page is so slow it sometimes times out.",
    ],
    "feature_request": [
        "It would be really nice to {feature_idea}.",
        "Please think about letting us {feature_idea}, lots of merchants would use it.",
        "Simple suggestion: let us {feature_idea}.",
        "Have you considered a way to {feature_idea}?",
    ],
    "card_declined": [
        "My card just won't go through for the renewal.",
        "The subscription payment was declined and my bank says they didn't decline anything.",
        "Adding my card returns 'invalid details'.",
        "Card declined three times in a row today.",
        "Customers tap their cards on the reader and get 'not authorized'.",
    ],
    "address_change": [
        "I'm moving next week, how do I update my address?",
        "The delivery address is missing the unit number.",
        "I need the card reader delivered to my new address.",
        "The system won't accept my new CEP.",
    ],
    "password_reset": [
        "I don't remember my password and nothing arrives in my inbox.",
        "I want to change my password but can't find where.",
        "The reset link opens a blank page.",
        "Changed my password twice today and it still says incorrect password.",
        "My password expired and I can't set a new one.",
    ],
    "data_export": [
        "How do I download all my sales from {year} until today?",
        "I need a spreadsheet of all my customers.",
        "Export errors out when I pick more than one month.",
        "The exported Excel opens with everything in a single column.",
        "We want to move our data to another system, can you provide a full file?",
    ],
    "plan_upgrade": [
        "I want to move up a plan, what do I need to do?",
        "I hit my plan's sales limit and the system locked.",
        "Is {plan2} worth it for someone with two stores?",
        "I changed plans and the invoice amount looks odd.",
    ],
    "damaged_product": [
        "Opened the box and the card reader was cracked.",
        "The printer came with a broken lid.",
        "The {item} gets really hot and shuts off.",
        "It never worked, factory defect out of the box.",
        "I got a different model than I ordered, and it's faulty too.",
    ],
    "app_crash": [
        "The app just closes out of nowhere in the middle of a sale.",
        "Updated the app today and now it won't even open.",
        "White screen with the logo, then it closes.",
        "Every time I pair the card reader over bluetooth the app dies.",
        "The app crashes when I open today's report.",
    ],
    "duplicate_charge": [
        "Checked my statement and Vendix charged me twice.",
        "Got a double charge this month, {amount} extra.",
        "I paid the boleto and you still charged my card.",
        "I'm billed for two subscriptions but only have one store.",
    ],
    "scheduled_pix": [
        "First time using scheduled PIX and it didn't work.",
        "I scheduled a PIX for today and the supplier still hasn't received it.",
        "My scheduled PIX payments disappeared from the schedule list.",
        "The scheduled PIX went out twice on the same day.",
        "The new schedule-a-PIX feature shows 'processing failure'.",
    ],
}
for _rid, _extra in _MORE_PROBLEMS_EN.items():
    REASONS_EN[_rid]["problems"].extend(_extra)

_MORE_DETAILS_EN: dict[str, list[str]] = {
    "payment_boleto_pix": ["I paid through online banking at {time}.", "Second invoice in a row with this issue."],
    "login_2fa": ["I use Authy, not Google Authenticator.", "My employee is locked out too."],
    "invoice_nf_error": ["The right CNPJ is in the contract.", "I need the XML as well."],
    "delivery_delay": ["Bought it on your website.", "The carrier tells me to contact the store."],
    "refund_request": ["I paid by credit card.", "It was a PIX.", "Reference {protocol}."],
    "cancellation": ["Customer since {year}.", "I already returned the card reader.", "No outstanding balance."],
    "integration_api": ["We're on API v2.", "This is production.", "We use the official Python SDK."],
    "slow_app": ["Up-to-date Chrome.", "300 Mbps fiber.", "Same on mobile."],
    "feature_request": ["We have {n} stores.", "I use the app more than the dashboard."],
    "card_declined": ["It's a corporate card.", "Plenty of limit.", "Tried today at {time}."],
    "address_change": ["It's a commercial address.", "There's a 24h front desk."],
    "password_reset": ["The email on file is the company one.", "It worked yesterday."],
    "data_export": ["CSV or Excel is fine.", "It's for year-end closing.", "The file is over 50 MB."],
    "plan_upgrade": ["I'd like to keep the same billing date.", "I pay by boleto."],
    "damaged_product": ["I kept the original box.", "It arrived yesterday."],
    "app_crash": ["Android {version}.", "Plenty of free storage on the phone.", "Started after the auto-update."],
    "duplicate_charge": ["Both charges are from {date}.", "Card ending {last4}."],
    "scheduled_pix": ["I set up the schedule on {date}.", "It said 'scheduled successfully'."],
}
for _rid, _extra in _MORE_DETAILS_EN.items():
    REASONS_EN[_rid]["details"].extend(_extra)

GREETINGS.extend(["Hi all,", "Hello, good afternoon.", "Hey team", "Good evening,", "Hi Vendix team,", "Greetings,"])
CLOSINGS.extend(["Appreciate it.", "Thanks for your help!", "Talk soon,", "Thank you in advance,", "Regards, {first}",
                 "Waiting on you."])
CONTEXTS.extend(["We have two stores, one in {city}.", "I'm the new account owner at {company}.",
                 "We run the system on {n} registers."])
FOLLOWUP_OPENERS.extend(["It's been {days} days since I opened ticket {ref}.", "Nothing changed since my last message.",
                         "Writing again because this wasn't fixed.", "You said you'd get back in 24h and nobody did."])
