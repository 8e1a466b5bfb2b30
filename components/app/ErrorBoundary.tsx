/**
 * A render error in one panel shows a readable message in that panel, with
 * a way to try again, instead of a blank page. The graph is in the store
 * (and autosaved), so nothing is lost.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props { name: string; children: ReactNode }
interface State { error: Error | null }

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`GateLab: the ${this.props.name} failed to draw`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="gl-crash" role="alert" data-testid={`crash-${this.props.name}`}>
        <h3>The {this.props.name} hit a problem</h3>
        <p>{error.message || String(error)}</p>
        <p className="gl-muted">Your graph is safe (it is autosaved). Try again, undo the last edit, or reload the page.</p>
        <button className="primary" onClick={() => this.setState({ error: null })}>Try again</button>
      </div>
    );
  }
}
