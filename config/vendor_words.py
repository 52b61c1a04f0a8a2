"""The allauth and Django words our account pages and account emails show, said our way.

django-allauth's and Django's own Spanish catalogs speak to the reader as "usted" ("¿Ha
olvidado su contraseña?", "Introduzca su dirección…"), while every other page of ours says
"tú", as the original help article does. Our catalog (locale/, first in LOCALE_PATHS) wins
over theirs, but makemessages keeps only the strings our sources mark, so the vendor strings
our flows show are marked here: log in, sign up, log out, email verification, password reset
and change, the email addresses page, the account emails, and Django's password-validator
texts on the sign-up page.
Each msgid is copied byte for byte from the vendor's catalog (allauth/locale/es,
django/contrib/auth/locale/es, django/conf/locale/es); one that no longer matches a vendor
msgid silently stops translating, which tests/pages/test_account_register.py checks.

Nothing imports this module: it exists only for extraction (`make messages`).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

ALLAUTH = (
    # Log in and log out (account/login.html, logout.html, messages/)
    gettext_noop("Forgot your password?"),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first.",
    ),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You are already logged in as %(user_display)s."),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("You have signed out."),
    # Sign up (account/signup.html, forms.py)
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("You must type the same password each time."),
    # Email verification (verification_sent, verified_email_required, email_confirm.html)
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to "
        "finalize the signup process. If you do not see the verification email in your "
        "main inbox, check your spam folder. Please contact us if you do not receive the "
        "verification email within a few minutes.",
    ),
    gettext_noop(
        "This part of the site requires us to verify that\n"
        "you are who you claim to be. For this purpose, we require that you\n"
        "verify ownership of your email address. ",
    ),
    gettext_noop(
        "We have sent an email to you for\n"
        "verification. Please click on the link inside that email. If you do not see the "
        "verification email in your main inbox, check your spam folder. Otherwise\n"
        "contact us if you do not receive it within a few minutes.",
    ),
    gettext_noop(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email '
        "address for user %(user_display)s.",
    ),
    gettext_noop(
        "This email confirmation link expired or is invalid. Please <a "
        'href="%(email_url)s">issue a new email confirmation request</a>.',
    ),
    gettext_noop("You have confirmed %(email)s."),
    # Password reset and change (password_reset*.html, password_change.html)
    gettext_noop("Password Reset"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an "
        "email allowing you to reset it.",
    ),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam "
        "folder. Otherwise contact us if you do not receive it in a few minutes.",
    ),
    gettext_noop("Bad Token"),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been used.  "
        'Please request a <a href="%(passwd_reset_url)s">new password reset</a>.',
    ),
    gettext_noop("Your password is now changed."),
    gettext_noop("Please type your current password."),
    # Email addresses (account/email.html), reachable from a signed-in session
    gettext_noop("The following email addresses are associated with your account:"),
    gettext_noop("Re-send Verification"),
    # Account emails (account/email/*.txt)
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("To confirm this is correct, go to %(activate_url)s"),
    gettext_noop(
        "You are receiving this email because you or someone else tried to signup for an\n"
        "account using email address:\n"
        "\n"
        "%(email)s\n"
        "\n"
        "However, an account using that email address already exists.  In case you have\n"
        "forgotten about this, please use the password forgotten procedure to recover\n"
        "your account:\n"
        "\n"
        "%(password_reset_url)s",
    ),
    gettext_noop(
        "You're receiving this email because you or someone else has requested a password "
        "reset for your user account.\n"
        "It can be safely ignored if you did not request a password reset. Click the link "
        "below to reset your password.",
    ),
    gettext_noop(
        "You are receiving this email because you, or someone else, tried to access an "
        "account with email %(email)s. However, we do not have any record of such an "
        "account in our database.",
    ),
    gettext_noop("This mail can be safely ignored if you did not initiate this action."),
    gettext_noop("If it was you, you can sign up for an account using the link below."),
    gettext_noop(
        "You are receiving this mail because the following change was made to your account:",
    ),
    gettext_noop(
        "If you do not recognize this change then please take proper security precautions "
        "immediately. The change to your account originates from:\n"
        "\n"
        "- IP address: %(ip)s\n"
        "- Browser: %(user_agent)s\n"
        "- Date: %(timestamp)s",
    ),
    gettext_noop("Your password has been changed."),
    gettext_noop("Your password has been reset."),
)

DJANGO = (
    # The password validators (django/contrib/auth/password_validation.py); the count only
    # makes the call valid, nothing evaluates it.
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        2,
    ),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    # Form fields (django/core/validators.py): the email field
    gettext_noop("Enter a valid email address."),
)
