"""What other apps ask of the incoming mailbox."""
