"""Staff pages of the registers behind table 二 (/work/registers/…).

Every page names its agency in the address and starts from readable_agencies(user): an agency
the user may not read is a 404, whatever id is typed, and so is a record of another agency.
Changing a register needs the agency among acting_agencies(user): 上级监督 reads the subtree
and is refused (403) on every form. Each POST runs one action declared in `action_specs`
through `gongkai.core.pages.run_action`: a refusal re-renders the form with the message beside
its field and nothing saved (400 bad input, 403 no right, 409 a conflict such as a duplicate or a
step already taken); success redirects (PRG).
"""
