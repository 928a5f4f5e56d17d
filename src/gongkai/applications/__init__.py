"""依申请公开: applications from the public, from intake to reply, with the statutory clock."""
