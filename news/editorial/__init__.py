"""Writing, review and publishing: every article and 修订稿 write, the 三审 rules, permissions."""
