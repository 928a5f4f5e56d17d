"""主动公开: the catalogue (公开目录) with 索引号, review and three-level sign-off."""
